using Fleet.Central.Alerts.Webhooks;

namespace Fleet.Central.Tests.Alerts;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_0123456789";
    private const string Body = "{\"a\":1}";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Create_KnownVector_MatchesHmacSha256OverTimestampDotBody()
    {
        // Reference computed with Python's hmac module: hmac.new(secret, b"1700000000.{\"a\":1}", sha256).
        Assert.Equal("t=1700000000,v1=d45143ed412aa9d672e3e06cc6753ced7e0e5a1757b1109ff599ba71790e646d",
            WebhookSignature.Create(Secret, 1_700_000_000, Body));
    }

    [Fact]
    public void Verify_Untouched_True() =>
        Assert.True(WebhookSignature.Verify(WebhookSignature.Create(Secret, 1_700_000_000, Body), Secret, Body, At, TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData("{\"a\":2}", Secret, 0)]        // body changed
    [InlineData(Body, "another-secret-123456", 0)] // wrong secret
    [InlineData(Body, Secret, 3600)]           // replayed an hour later
    public void Verify_TamperedOrStale_False(string body, string secret, int secondsLater) =>
        Assert.False(WebhookSignature.Verify(WebhookSignature.Create(Secret, 1_700_000_000, Body), secret, body,
            At.AddSeconds(secondsLater), TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=abc")]
    [InlineData("t=1700000000")]
    [InlineData("t=1700000000,v1=zz45143ed412aa9d672e3e06cc6753ced7e0e5a1757b1109ff599ba71790e646d")]
    public void Verify_Malformed_False(string? header) =>
        Assert.False(WebhookSignature.Verify(header, Secret, Body, At, TimeSpan.FromMinutes(5)));
}
