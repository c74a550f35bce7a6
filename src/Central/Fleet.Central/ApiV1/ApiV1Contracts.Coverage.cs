using Fleet.Central.Coverage;

namespace Fleet.Central.ApiV1;

/// <summary>Coverage cells in a bounding box. Truncated = the box held more than the per-query maximum;
/// ask for a smaller box.</summary>
public sealed record CoverageCellsResponse(BoundingBox Bbox, string? Carrier, double CellSizeM, bool Truncated, IReadOnlyList<CoverageCellView> Items);

public sealed record CarrierList(IReadOnlyList<string> Items);
