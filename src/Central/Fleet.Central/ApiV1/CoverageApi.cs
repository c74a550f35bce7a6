using Fleet.Central.Api;
using Fleet.Central.Coverage;
using Fleet.Central.Security;
using Fleet.Central.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Central.ApiV1;

/// <summary>/api/v1/coverage: the carrier coverage grid. Cells are aggregates over the whole fleet's link
/// measurements per carrier and place; they carry no vehicle, SIM or tenant identity, so every tenant with
/// "coverage:read" sees the same grid (this is the product: coverage learned from every vehicle).</summary>
public static class CoverageApi
{
    public static RouteGroupBuilder MapCoverageApi(this RouteGroupBuilder v1)
    {
        var read = FleetPolicies.ApiScope(ApiScopes.CoverageRead);
        v1.MapGet("/coverage/cells", GetCellsAsync).RequireAuthorization(read).WithName("ListCoverageCells");
        v1.MapGet("/coverage/carriers", ListCarriersAsync).RequireAuthorization(read).WithName("ListCoverageCarriers");
        return v1;
    }

    internal static async Task<Results<Ok<CoverageCellsResponse>, ProblemHttpResult>> GetCellsAsync(
        string? bbox, string? carrier, ICoverageQuery coverage, CancellationToken cancellationToken)
    {
        var box = ApiV1Requests.ParseRequiredBoundingBox(bbox);
        if (!box.Succeeded)
            return box.Failure.ToProblem();
        var b = box.Value;
        var name = string.IsNullOrWhiteSpace(carrier) ? null : carrier.Trim();
        var cells = await coverage.GetCellsInBoxAsync(
            new GeoBox(b.MinLatitude, b.MinLongitude, b.MaxLatitude, b.MaxLongitude), name, cancellationToken);
        return cells.Succeeded
            ? TypedResults.Ok(new CoverageCellsResponse(b, name, cells.Value.CellSizeM, cells.Value.Truncated, cells.Value.Cells))
            : cells.Failure.ToProblem();
    }

    internal static async Task<Ok<CarrierList>> ListCarriersAsync(ICoverageQuery coverage, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CarrierList(await coverage.ListCarriersAsync(cancellationToken)));
}
