using Fleet.Central.Enrollment;

namespace Fleet.Central.Tests.Enrollment;

public sealed class TunnelAddressPoolTests
{
    [Theory]
    [InlineData("100.64.0.0/10", 1, "100.64.0.1/32")]
    [InlineData("100.64.0.0/10", 256, "100.64.1.0/32")]
    [InlineData("10.9.8.77/24", 5, "10.9.8.5/32")]
    public void AddressAt_NumberInsidePool_CountsFromNetworkAddress(string prefix, long number, string expected)
    {
        Assert.True(TunnelAddressPool.TryParse(prefix, out var pool, out _));

        Assert.Equal(expected, pool.AddressAt(number));
    }

    [Fact]
    public void AddressAt_PastTheEnd_NullSoEnrollmentCanRefuseClearly()
    {
        Assert.True(TunnelAddressPool.TryParse("192.168.50.0/30", out var pool, out _));

        Assert.Equal(2, pool.Size);
        Assert.Equal("192.168.50.2/32", pool.AddressAt(2));
        Assert.Null(pool.AddressAt(3));
        Assert.Null(pool.AddressAt(0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("100.64.0.0")]
    [InlineData("100.64.0.0/31")]
    [InlineData("fd00::/64")]
    [InlineData("not-an-ip/10")]
    public void TryParse_NotAnIpv4PoolPrefix_FalseWithReason(string text)
    {
        Assert.False(TunnelAddressPool.TryParse(text, out _, out var error));
        Assert.Contains("IPv4 prefix", error);
    }
}
