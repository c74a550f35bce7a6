using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Coverage;

/// <summary>Folds new telemetry into the coverage grid, incrementally: the link samples of each batch not yet
/// aggregated are placed in the cell of their vehicle's nearest fix within a second and counted into that
/// cell's fixed-bin histograms (<see cref="CellHistogram"/>); the touched cells' stored histograms are added
/// and their percentiles recomputed from the merged histogram. No sample is kept, so a run costs what its
/// batches hold, however long a cell's history.
/// <para>The grid is keyed by cell size: without the samples a grid cannot be re-cut, so a change of
/// Coverage:CellSizeM starts a new, empty grid fed from then on (the old one stays stored, unserved, and
/// resumes if the size is changed back).</para></summary>
public sealed partial class CoverageAggregator(
    NpgsqlDataSource dataSource, IOptions<CoverageOptions> options, TimeProvider time, ILogger<CoverageAggregator> logger)
{
    /// <summary>Batches committed up to this long after a later one was aggregated are still picked up.</summary>
    private static readonly TimeSpan CommitMargin = TimeSpan.FromMinutes(10);

    /// <summary>Aggregates until no unprocessed batch is left; returns the batches processed.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var result = await RunOnceAsync(cancellationToken);
            total += result.Batches;
            if (result.Batches < options.Value.MaxBatchesPerRun)
                return total;
        }
    }

    public async Task<AggregationResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One runner at a time across central instances (and the job vs. an explicit call): the second waits.
        // That is also what makes reading, merging and writing back a cell's histograms safe.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('fleet.coverage'))", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);

        var batches = await PendingAsync(connection, transaction, o.MaxBatchesPerRun, cancellationToken);
        if (batches.Count == 0)
            return new AggregationResult(0, 0, 0);

        var cells = new Dictionary<CellKey, CellHistogram>();
        var observations = await BatchSamples.FoldAsync(connection, transaction, batches, o.CellSizeM, cells, cancellationToken);
        var updated = 0;
        if (cells.Count > 0)
        {
            var stored = await CellStore.MergeStoredAsync(connection, transaction, o.CellSizeM, cells, cancellationToken);
            updated = await CellStore.SaveAsync(connection, transaction, o.CellSizeM, cells, stored, now, cancellationToken);
        }
        await MarkDoneAsync(connection, transaction, batches, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogAggregated(logger, batches.Count, observations, updated);
        return new AggregationResult(batches.Count, observations, updated);
    }

    private static async Task<List<PendingBatch>> PendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int max, CancellationToken cancellationToken)
    {
        await using var pending = new NpgsqlCommand(
            """
            SELECT b.batch_id, b.received_at, b.vehicle_id, b.start_at, b.end_at FROM telemetry_batches b
            WHERE b.received_at > coalesce((SELECT max(received_at) FROM coverage_batches), '-infinity'::timestamptz) - $1
              AND NOT EXISTS (SELECT 1 FROM coverage_batches c WHERE c.batch_id = b.batch_id)
            ORDER BY b.received_at
            LIMIT $2
            """, connection, transaction);
        pending.Parameters.Add(new NpgsqlParameter { Value = CommitMargin, NpgsqlDbType = NpgsqlDbType.Interval });
        pending.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        var batches = new List<PendingBatch>();
        await using var reader = await pending.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batches.Add(new PendingBatch(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return batches;
    }

    /// <summary>Records the batches as aggregated, and forgets those older than the commit margin behind the
    /// newest: the pending query never looks that far back, so the table stays as small as the margin's worth
    /// of batches instead of growing by one row per batch forever.</summary>
    private static async Task MarkDoneAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingBatch> batches,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var done = new NpgsqlBatchCommand(
            "INSERT INTO coverage_batches (batch_id, received_at, aggregated_at) SELECT *, $3 FROM unnest($1, $2) ON CONFLICT DO NOTHING");
        done.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        done.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.ReceivedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        done.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var forget = new NpgsqlBatchCommand("DELETE FROM coverage_batches WHERE received_at < (SELECT max(received_at) FROM coverage_batches) - $1");
        forget.Parameters.Add(new NpgsqlParameter { Value = CommitMargin, NpgsqlDbType = NpgsqlDbType.Interval });
        batch.BatchCommands.Add(done);
        batch.BatchCommands.Add(forget);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record AggregationResult(int Batches, int Observations, int CellsUpdated);
