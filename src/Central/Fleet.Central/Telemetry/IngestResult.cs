namespace Fleet.Central.Telemetry;

/// <summary>What an upload did: stored the batch, or found it already stored (same batch id).</summary>
public sealed record IngestResult(Guid BatchId, bool Duplicate, int PositionsStored);
