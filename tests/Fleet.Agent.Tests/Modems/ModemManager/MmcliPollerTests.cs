using Fleet.Agent.Health;
using Fleet.Agent.Modems.ModemManager;
using Fleet.Agent.Modems.Monitoring;
using Fleet.Agent.Modems.Parsing;

namespace Fleet.Agent.Tests.Modems.ModemManager;

public sealed class MmcliPollerTests
{
    [Fact]
    public async Task PollOnceAsync_MmcliAnswersThenModemGone_SnapshotThenDisconnected()
    {
        var runner = new SwitchableMmcli();
        var poller = new MmcliPoller(new ModemEndpointOptions { Name = "sim4" }, 0, new MmcliReader(runner), TimeSpan.FromSeconds(1), TimeProvider.System);
        var changes = new List<ModemSnapshot>();
        poller.Changed += (_, s) => changes.Add(s);

        await poller.PollOnceAsync(CancellationToken.None);
        var s = poller.Snapshot;
        Assert.True(s.Connected);
        Assert.Equal(("TIM", "22201", "8939010000000000123"), (s.Operator, s.MccMnc, s.Iccid));
        Assert.Equal(RegistrationState.Home, s.Registration);
        Assert.Equal(-99.0, s.Rsrp);

        await poller.PollOnceAsync(CancellationToken.None);
        Assert.Single(changes);

        runner.Present = false;
        await poller.PollOnceAsync(CancellationToken.None);
        Assert.False(poller.Snapshot.Connected);
        Assert.Equal(1, poller.Snapshot.Timeouts);
        Assert.Equal(2, changes.Count);
    }

    private sealed class SwitchableMmcli : IProcessRunner
    {
        public bool Present { get; set; } = true;

        public Task<ProcessOutput?> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var args = string.Join(' ', arguments);
            var output = !Present ? null : args switch
            {
                "-J -m 0" => MmcliReaderTests.Modem,
                "-J -m 0 --signal-get" => MmcliReaderTests.Signal,
                "-J -i 3" => MmcliReaderTests.Sim,
                _ => null,
            };
            return Task.FromResult<ProcessOutput?>(output is null ? new ProcessOutput(1, "", "error: couldn't find modem") : new ProcessOutput(0, output, ""));
        }
    }
}
