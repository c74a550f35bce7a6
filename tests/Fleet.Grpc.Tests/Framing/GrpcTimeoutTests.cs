using Fleet.Grpc.Framing;

namespace Fleet.Grpc.Tests.Framing;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 3_600_000)]
    [InlineData("2M", 120_000)]
    [InlineData("3S", 3_000)]
    [InlineData("250m", 250)]
    [InlineData("1500u", 1.5)]
    [InlineData("2000000n", 2)]
    public void TryParse_ValidUnits_ReturnsTimeout(string header, double expectedMilliseconds)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(expectedMilliseconds, timeout.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("10x")]
    [InlineData("-5m")]
    [InlineData("123456789m")]
    public void TryParse_Malformed_ReturnsFalse(string header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    [Theory]
    [InlineData(0.25)]
    [InlineData(30)]
    [InlineData(100_000)]
    [InlineData(10_000_000)]
    public void Format_ThenParse_NeverShortensTheTimeout(double seconds)
    {
        var timeout = TimeSpan.FromSeconds(seconds);
        var header = GrpcTimeout.Format(timeout);

        Assert.True(header.Length <= 9, header);
        Assert.True(GrpcTimeout.TryParse(header, out var parsed));
        Assert.True(parsed >= timeout, $"{header} parsed as {parsed}");
    }

    [Fact]
    public void Format_NonPositive_SmallestTimeout() => Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.Zero));
}
