using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Fleet.Central.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fleet.Central.ApiV1;

/// <summary>A fixed window of requests per API key. Runs after authorization, so the partition is the
/// authenticated key id (unauthenticated requests were already answered 401).</summary>
public static class ApiV1RateLimiting
{
    public const string PolicyName = "api-v1-per-key";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(PolicyName, context =>
        {
            var key = context.User.FindFirstValue(FleetClaims.ApiKeyId);
            if (key is null)
                return RateLimitPartition.GetNoLimiter("no-key");
            var options = context.RequestServices.GetRequiredService<IOptions<ApiV1Options>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.RateLimitPermits,
                Window = TimeSpan.FromSeconds(options.RateLimitWindowSeconds),
                QueueLimit = 0,
            });
        });
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var http = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                : http.RequestServices.GetRequiredService<IOptions<ApiV1Options>>().Value.RateLimitWindowSeconds;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"This API key exceeded its request budget; retry after {retryAfter} s.",
                },
            });
        };
    }
}
