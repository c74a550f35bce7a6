using System.Net;
using System.Text.RegularExpressions;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Central.Tests.Tenancy;

namespace Fleet.Central.Tests.Users;

/// <summary>Staff users created through the admin API and logged in through the real login form
/// (antiforgery token and all). The client keeps the cookie and does not follow redirects.</summary>
public static partial class StaffLogin
{
    public const string Password = "correct horse battery";

    public static async Task CreateUserAsync(CentralFixture central, string email, string role, string password = Password)
    {
        using var response = await ApiClients.AdminAsync(central, HttpMethod.Post, "/api/admin/users", new { email, password, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static HttpClient NewClient(CentralFixture central) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = central.HttpAddress };

    /// <summary>Posts the login form; returns the response (302 on success) with the client now holding the cookie.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/account/login" : $"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "login page has no antiforgery token");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(path, form);
    }

    public static async Task<HttpClient> LoggedInAsync(CentralFixture central, string email, string password = Password)
    {
        var client = NewClient(central);
        using var response = await PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The redirect target as a local path; fails when it points at another host.</summary>
    public static string? LocationPath(HttpResponseMessage response, CentralFixture central)
    {
        var location = response.Headers.Location;
        if (location is null)
            return null;
        if (!location.IsAbsoluteUri)
            return location.OriginalString;
        Assert.Equal(central.HttpAddress.Authority, location.Authority);
        return location.PathAndQuery;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
