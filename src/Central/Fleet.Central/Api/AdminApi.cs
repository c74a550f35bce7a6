using Fleet.Central.Data;
using Fleet.Central.Enrollment;
using Fleet.Central.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Api;

/// <summary>/api/admin: operator actions behind the Admin policy.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin")
            .RequireAuthorization(FleetPolicies.Admin)
            .WithTags("Admin");
        admin.MapPost("/enrollment-tokens", CreateEnrollmentTokenAsync);
        admin.MapGet("/vehicles", ListVehiclesAsync);
        return endpoints;
    }

    internal static async Task<Results<Created<EnrollmentTokenResponse>, ProblemHttpResult>> CreateEnrollmentTokenAsync(
        CreateEnrollmentTokenRequest request, EnrollmentTokenService tokens, CancellationToken cancellationToken)
    {
        var outcome = await tokens.IssueAsync(request.VehicleName, request.TtlMinutes, cancellationToken);
        if (!outcome.Succeeded)
            return outcome.Failure.ToProblem();
        var issued = outcome.Value;
        return TypedResults.Created(
            $"/api/admin/vehicles/{issued.VehicleId}",
            new EnrollmentTokenResponse(issued.Token, issued.VehicleId, issued.VehicleName, issued.ExpiresAt));
    }

    internal static async Task<Ok<VehicleSummary[]>> ListVehiclesAsync(
        IDbContextFactory<FleetDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var vehicles = await db.Vehicles.AsNoTracking()
            .OrderBy(v => v.Name)
            .Select(v => new VehicleSummary(v.Id, v.Name, v.CreatedAt, v.LastPositionAt, v.LastLatitude, v.LastLongitude))
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(vehicles);
    }
}
