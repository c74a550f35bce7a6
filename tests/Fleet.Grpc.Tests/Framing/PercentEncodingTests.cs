using Fleet.Grpc.Framing;

namespace Fleet.Grpc.Tests.Framing;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("\u00fc", "%C3%BC")]
    [InlineData("a\nb", "a%0Ab")]
    public void Encode_KnownValues(string value, string expected) => Assert.Equal(expected, PercentEncoding.Encode(value));

    [Theory]
    [InlineData("")]
    [InlineData("simple")]
    [InlineData("m\u00f6hre 100% \u2713 \t")]
    public void EncodeThenDecode_RoundTrips(string value) => Assert.Equal(value, PercentEncoding.Decode(PercentEncoding.Encode(value)));

    [Fact]
    public void Decode_MalformedSequence_KeptAsIs() => Assert.Equal("50%z and %4", PercentEncoding.Decode("50%z and %4"));
}
