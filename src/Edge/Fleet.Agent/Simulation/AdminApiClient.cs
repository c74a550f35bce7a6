using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Fleet.Agent.Simulation;

/// <summary>Central's admin REST API, used by the simulator to mint an enrollment token per vehicle.</summary>
public sealed class AdminApiClient(HttpClient http, Uri adminUrl, string adminKey)
{
    public async Task<string> CreateEnrollmentTokenAsync(string vehicleName, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(adminUrl, "/api/admin/enrollment-tokens"))
        {
            Content = JsonContent.Create(new TokenRequest(vehicleName)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException($"POST {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }

        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct).ConfigureAwait(false);
        return token?.Token is { Length: > 0 } t ? t : throw new InvalidOperationException($"POST {request.RequestUri} returned no token");
    }

    private sealed record TokenRequest([property: JsonPropertyName("vehicleName")] string VehicleName);

    private sealed record TokenResponse([property: JsonPropertyName("token")] string? Token);
}
