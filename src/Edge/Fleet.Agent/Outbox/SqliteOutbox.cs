using Fleet.Agent.Telemetry;
using Fleet.Contracts.Telemetry;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Agent.Outbox;

/// <summary>
/// The durable local queue between the samplers and the uploader. Samples are committed one by one
/// as they arrive; sealing turns all pending samples into one batch row and deletes them in the same
/// transaction, so a crash leaves either the samples or the batch, never both or neither. WAL with
/// synchronous=FULL: a commit is on disk before the call returns.
/// Each sample row holds a one-sample <see cref="TelemetryBatch"/>, so the batch codec is the only format.
/// </summary>
public sealed partial class SqliteOutbox : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly string _agentVersion;

    // Sealed batches stored, kept beside the table under _lock so readers need no query: the uploader's
    // backlog figure must say what the outbox holds now, not what its last upload attempt saw.
    private int _batchCount;

    private SqliteOutbox(SqliteConnection db, ILogger logger, TimeProvider clock, string agentVersion)
    {
        _db = db;
        _logger = logger;
        _clock = clock;
        _agentVersion = agentVersion;
        _batchCount = (int)ScalarLong(null, "SELECT COUNT(*) FROM batches");
    }

    /// <summary>Sealed batches waiting in the outbox right now (updated in the same critical section as the table).</summary>
    public int BatchCount => Volatile.Read(ref _batchCount);

    public long MaxBytes { get; init; } = long.MaxValue;

    public static SqliteOutbox Open(string path, long maxBytes, ILogger? logger = null, TimeProvider? clock = null, string agentVersion = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        Exec(db, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS samples (id INTEGER PRIMARY KEY AUTOINCREMENT, unix_ms INTEGER NOT NULL, payload BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS batches (id INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL UNIQUE, sequence INTEGER NOT NULL,
                start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, created_ms INTEGER NOT NULL, payload BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS quarantine (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, batch_id TEXT, payload BLOB,
                reason TEXT NOT NULL, quarantined_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT OR IGNORE INTO meta(key, value) VALUES ('next_sequence', 1), ('dropped_batches', 0);
            """);
        return new SqliteOutbox(db, logger ?? NullLogger.Instance, clock ?? TimeProvider.System, agentVersion) { MaxBytes = maxBytes };
    }

    public void Dispose()
    {
        _db.Dispose();
        _lock.Dispose();
    }

    /// <summary>Commits one sample; it is durable when this returns.</summary>
    public async Task AppendAsync(TelemetrySample sample, CancellationToken ct = default)
    {
        var payload = BatchEncoder.Encode("", 0, sample.UnixMs, sample.UnixMs + 1, [sample], "").ToByteArray();
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT INTO samples(unix_ms, payload) VALUES ($t, $p)";
            cmd.Parameters.AddWithValue("$t", sample.UnixMs);
            cmd.Parameters.AddWithValue("$p", payload);
            cmd.ExecuteNonQuery();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Packs every pending sample into one batch with a new UUID, deleting the samples in the same
    /// transaction. Returns null when nothing was pending.
    /// </summary>
    public async Task<OutboxBatch?> SealAsync(CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var tx = _db.BeginTransaction();
            var samples = new List<TelemetrySample>();
            long maxId = 0;
            using (var read = _db.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = "SELECT id, payload FROM samples ORDER BY id";
                using var r = read.ExecuteReader();
                while (r.Read())
                {
                    var id = r.GetInt64(0);
                    maxId = id;
                    var decoded = TryDecode((byte[])r[1]);
                    if (decoded.Error is { } error)
                    {
                        QuarantineRow(tx, "samples", id, null, (byte[])r[1], error);
                        continue;
                    }

                    samples.AddRange(decoded.All);
                }
            }

            if (maxId == 0)
            {
                return null;
            }

            Exec(_db, "DELETE FROM samples WHERE id <= $max", tx, ("$max", maxId));
            if (samples.Count == 0)
            {
                tx.Commit();
                return null;
            }

            var sequence = (uint)ScalarLong(tx, "SELECT value FROM meta WHERE key = 'next_sequence'");
            var start = samples.Min(s => s.UnixMs);
            var end = samples.Max(s => s.UnixMs) + 1;
            var batchId = Guid.NewGuid().ToString();
            var batch = BatchEncoder.Encode(batchId, sequence, start, end, samples, _agentVersion);
            var bytes = batch.ToByteArray();
            Exec(
                _db,
                "INSERT INTO batches(batch_id, sequence, start_ms, end_ms, created_ms, payload) VALUES ($id, $seq, $s, $e, $c, $p)",
                tx,
                ("$id", batchId),
                ("$seq", (long)sequence),
                ("$s", start),
                ("$e", end),
                ("$c", _clock.GetUtcNow().ToUnixTimeMilliseconds()),
                ("$p", bytes));
            var rowId = ScalarLong(tx, "SELECT last_insert_rowid()");
            Exec(_db, "UPDATE meta SET value = value + 1 WHERE key = 'next_sequence'", tx);
            tx.Commit();
            Interlocked.Increment(ref _batchCount);
            Log.Sealed(_logger, batchId, sequence, samples.Count, bytes.Length);
            return new OutboxBatch(rowId, batchId, sequence, batch, bytes.Length);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Drops the oldest batches while the stored payloads exceed <see cref="MaxBytes"/>.</summary>
    public async Task<int> EnforceBoundAsync(CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var dropped = 0;
            while (StoredBytes() > MaxBytes)
            {
                using var cmd = _db.CreateCommand();
                cmd.CommandText = "SELECT id, batch_id, sequence FROM batches ORDER BY id LIMIT 1";
                using var r = cmd.ExecuteReader();
                if (!r.Read())
                {
                    break; // only pending samples left; the next seal turns them into a batch
                }

                var (id, batchId, sequence) = (r.GetInt64(0), r.GetString(1), r.GetInt64(2));
                r.Close();
                using var tx = _db.BeginTransaction();
                Exec(_db, "DELETE FROM batches WHERE id = $id", tx, ("$id", id));
                Exec(_db, "UPDATE meta SET value = value + 1 WHERE key = 'dropped_batches'", tx);
                tx.Commit();
                Interlocked.Decrement(ref _batchCount);
                dropped++;
                Log.Dropped(_logger, MaxBytes, batchId, sequence, ScalarLong(null, "SELECT value FROM meta WHERE key = 'dropped_batches'"));
            }

            return dropped;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The oldest readable batch; unreadable rows on the way are quarantined.</summary>
    public async Task<OutboxBatch?> PeekOldestAsync(CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                long id;
                string batchId;
                byte[] payload;
                using (var cmd = _db.CreateCommand())
                {
                    cmd.CommandText = "SELECT id, batch_id, payload FROM batches ORDER BY id LIMIT 1";
                    using var r = cmd.ExecuteReader();
                    if (!r.Read())
                    {
                        return null;
                    }

                    (id, batchId, payload) = (r.GetInt64(0), r.GetString(1), (byte[])r[2]);
                }

                string? error;
                TelemetryBatch? batch = null;
                try
                {
                    batch = TelemetryBatch.Parser.ParseFrom(payload);
                    error = batch.BatchId != batchId ? $"payload batch id {batch.BatchId} does not match row {batchId}" : BatchDecoder.Decode(batch).Error;
                }
                catch (InvalidProtocolBufferException e)
                {
                    error = e.Message;
                }

                if (error is null)
                {
                    return new OutboxBatch(id, batchId, batch!.Sequence, batch, payload.Length);
                }

                using var tx = _db.BeginTransaction();
                QuarantineRow(tx, "batches", id, batchId, payload, error);
                tx.Commit();
                Interlocked.Decrement(ref _batchCount);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Deletes a batch central has acknowledged. Returns false if it was already gone.</summary>
    public async Task<bool> AcknowledgeAsync(string batchId, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "DELETE FROM batches WHERE batch_id = $id";
            cmd.Parameters.AddWithValue("$id", batchId);
            var deleted = cmd.ExecuteNonQuery();
            Interlocked.Add(ref _batchCount, -deleted);
            return deleted > 0;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<OutboxStats> StatsAsync(CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return new OutboxStats(
                (int)ScalarLong(null, "SELECT COUNT(*) FROM samples"),
                (int)ScalarLong(null, "SELECT COUNT(*) FROM batches"),
                StoredBytes(),
                ScalarLong(null, "SELECT value FROM meta WHERE key = 'dropped_batches'"),
                (int)ScalarLong(null, "SELECT COUNT(*) FROM quarantine"));
        }
        finally
        {
            _lock.Release();
        }
    }

    private static DecodedBatch TryDecode(byte[] payload)
    {
        try
        {
            return BatchDecoder.Decode(TelemetryBatch.Parser.ParseFrom(payload));
        }
        catch (InvalidProtocolBufferException e)
        {
            return new DecodedBatch([], [], [], e.Message);
        }
    }

    /// <summary>Bytes the outbox holds, counted as payload sizes (WAL and page slack excluded, so the bound is deterministic).</summary>
    private long StoredBytes() =>
        ScalarLong(null, "SELECT COALESCE((SELECT SUM(LENGTH(payload)) FROM batches), 0) + COALESCE((SELECT SUM(LENGTH(payload)) FROM samples), 0)");

    private void QuarantineRow(SqliteTransaction tx, string table, long id, string? batchId, byte[] payload, string reason)
    {
        Exec(
            _db,
            "INSERT INTO quarantine(source, batch_id, payload, reason, quarantined_ms) VALUES ($s, $b, $p, $r, $t)",
            tx,
            ("$s", table),
            ("$b", (object?)batchId ?? DBNull.Value),
            ("$p", payload),
            ("$r", reason),
            ("$t", _clock.GetUtcNow().ToUnixTimeMilliseconds()));
        Exec(_db, $"DELETE FROM {table} WHERE id = $id", tx, ("$id", id));
        Log.Quarantined(_logger, table, id, reason);
    }

    private long ScalarLong(SqliteTransaction? tx, string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] args)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        cmd.ExecuteNonQuery();
    }
}
