using Fleet.Central.Api;
using Fleet.Central.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Central.Users;

/// <summary>/api/admin/users: staff accounts (Admin only).</summary>
public static class UsersAdminApi
{
    public static IEndpointRouteBuilder MapUsersAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin")
            .RequireAuthorization(FleetPolicies.Admin)
            .WithTags("Admin");
        admin.MapPost("/users", CreateUserAsync);
        admin.MapGet("/users", ListUsersAsync);
        return endpoints;
    }

    internal static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateUserAsync(
        CreateUserRequest request, UserService users, CancellationToken cancellationToken)
    {
        var outcome = await users.CreateAsync(request, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/admin/users/{outcome.Value.Id}", outcome.Value)
            : outcome.Failure.ToProblem();
    }

    internal static async Task<Ok<UserResponse[]>> ListUsersAsync(UserService users, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.ListAsync(cancellationToken));
}
