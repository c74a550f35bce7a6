using Fleet.Contracts.Telemetry;

namespace Fleet.Agent.Outbox;

/// <summary>A sealed batch waiting for central's acknowledgement.</summary>
public sealed record OutboxBatch(long RowId, string BatchId, uint Sequence, TelemetryBatch Batch, int SizeBytes);

/// <summary>Counters an operator needs to see: what waits, what was lost, what was set aside.</summary>
public sealed record OutboxStats(int PendingSamples, int Batches, long Bytes, long DroppedBatches, int Quarantined);
