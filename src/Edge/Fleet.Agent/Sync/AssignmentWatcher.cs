using Fleet.Contracts.Agents;
using Fleet.Grpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Sync;

/// <summary>
/// Keeps a WatchAssignment stream open to central and republishes each assignment. A broken or ended
/// stream is reopened with jittered backoff; the last assignment stays current meanwhile so the data
/// plane keeps its servers while central is away.
/// </summary>
public sealed partial class AssignmentWatcher(CentralConnection central, ILogger<AssignmentWatcher> logger, TimeProvider clock)
    : BackgroundService, IAssignmentProvider
{
    private Assignment? _current;

    public Assignment? Current => Volatile.Read(ref _current);

    public event EventHandler<Assignment>? Changed;

    public Backoff Backoff { get; init; } = Backoff.Default();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunWatchAsync(stoppingToken);

    public async Task RunWatchAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            string reason;
            try
            {
                using var call = central.Client.WatchAssignment(new WatchAssignmentRequest(), central.Options(clock, null, ct));
                await foreach (var assignment in call.ResponseStream.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    Backoff.Reset();
                    Publish(assignment);
                }

                reason = "stream closed by central";
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                reason = $"{e.StatusCode}: {e.Status.Detail}";
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                reason = e.Message;
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                return; // shutting down: the runtime reports the cancelled call as CANCELLED
            }

            var delay = Backoff.NextDelay();
            Log.Reconnecting(logger, reason, delay);
            try
            {
                await Task.Delay(delay, clock, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Publish(Assignment assignment)
    {
        var previous = Current;
        Volatile.Write(ref _current, assignment);
        if (previous is not null && previous.Equals(assignment))
        {
            return;
        }

        Log.Assigned(logger, assignment.Revision, assignment.Primary?.Name ?? "-", assignment.Backup?.Name ?? "-");
        Changed?.Invoke(this, assignment);
    }
}
