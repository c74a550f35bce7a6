using System.Net;
using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Users;

public sealed class BootstrappedCentral : IAsyncLifetime
{
    public const string Email = "root@fleet.test";
    public const string Password = "bootstrap-password-123";

    public CentralFixture Central { get; } = new CentralFixture()
        .With("Users:BootstrapAdmin:Email", Email)
        .With("Users:BootstrapAdmin:Password", Password);

    public Task InitializeAsync() => Central.InitializeAsync();
    public Task DisposeAsync() => Central.DisposeAsync();
}

public sealed class LoginTests(BootstrappedCentral fixture) : IClassFixture<BootstrappedCentral>
{
    private CentralFixture Central => fixture.Central;

    [Fact]
    public async Task BootstrapAdmin_FromConfiguration_IsCreatedHashedAndCanLogIn()
    {
        var hash = await Central.ScalarAsync<string>("SELECT password_hash FROM users WHERE email = $1", BootstrappedCentral.Email);
        Assert.Equal("Admin", await Central.ScalarAsync<string>("SELECT role FROM users WHERE email = $1", BootstrappedCentral.Email));
        Assert.DoesNotContain(BootstrappedCentral.Password, hash);
        Assert.True(Convert.FromBase64String(hash)[0] == 0x01, "expected an Identity v3 (PBKDF2) hash");

        using var client = StaffLogin.NewClient(Central);
        using var response = await StaffLogin.PostLoginAsync(client, "ROOT@fleet.test", BootstrappedCentral.Password, returnUrl: "/vehicles");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/vehicles", StaffLogin.LocationPath(response, Central));
        using var page = await client.GetAsync("/vehicles");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_SetsNoCookieAndShowsError()
    {
        using var client = StaffLogin.NewClient(Central);

        using var response = await StaffLogin.PostLoginAsync(client, BootstrappedCentral.Email, "not-the-password-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("data-testid=\"login-error\"", await response.Content.ReadAsStringAsync());
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_IsRejected()
    {
        using var client = StaffLogin.NewClient(Central);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = BootstrappedCentral.Email,
            ["Input.Password"] = BootstrappedCentral.Password,
        });

        using var response = await client.PostAsync("/account/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Where(c => c.StartsWith("fleet.auth", StringComparison.Ordinal)) : []);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Login_ForeignReturnUrl_RedirectsToRoot(string returnUrl)
    {
        using var client = StaffLogin.NewClient(Central);

        using var response = await StaffLogin.PostLoginAsync(client, BootstrappedCentral.Email, BootstrappedCentral.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", StaffLogin.LocationPath(response, Central));
    }

    [Fact]
    public async Task Logout_AfterLogin_EndsTheSession()
    {
        using var client = await StaffLogin.LoggedInAsync(Central, BootstrappedCentral.Email, BootstrappedCentral.Password);
        using (var before = await client.GetAsync("/"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var page = await client.GetStringAsync("/account/logout");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["_handler"] = "logout",
        }));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", StaffLogin.LocationPath(after, Central));
    }

    [Theory]
    [InlineData("not-an-email", "long-enough-password", "NOC")]
    [InlineData("ops@fleet.test", "short", "NOC")]
    [InlineData("ops@fleet.test", "long-enough-password", "Janitor")]
    public async Task CreateUser_BadInput_Returns400AndStoresNothing(string email, string password, string role)
    {
        var before = await Central.ScalarAsync<long>("SELECT count(*) FROM users");

        using var response = await Tenancy.ApiClients.AdminAsync(Central, HttpMethod.Post, "/api/admin/users", new { email, password, role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await Central.ScalarAsync<long>("SELECT count(*) FROM users"));
    }
}
