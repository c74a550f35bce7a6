using Fleet.Central.Finance;

namespace Fleet.Central.Tests.Finance;

public sealed class IccidTests
{
    [Theory]
    [InlineData("89148000000745809013")] // a published Verizon test ICCID (20 digits)
    [InlineData("8944110068229164434")]  // 19 digits
    public void Validate_RealIccids_Valid(string iccid) => Assert.Null(Iccid.Validate(iccid));

    [Fact]
    public void Validate_OneDigitMistyped_FailsLuhn()
    {
        var error = Iccid.Validate("89148000000745809023");

        Assert.NotNull(error);
        Assert.Contains("Luhn", error);
    }

    [Fact]
    public void Validate_TwoDigitsSwapped_FailsLuhn() => Assert.Contains("Luhn", Iccid.Validate("89148000000745890913"));

    [Theory]
    [InlineData("", "required")]
    [InlineData("8914800000074580901X", "digits only")]
    [InlineData("1234", "18 to 22")]
    [InlineData("12148000000745809013", "start with 89")]
    public void Validate_Malformed_SaysWhy(string iccid, string expected) => Assert.Contains(expected, Iccid.Validate(iccid));

    [Fact]
    public void CheckDigitFor_Payload_ProducesValidIccid()
    {
        var payload = "894708001234567890";
        var iccid = payload + Iccid.CheckDigitFor(payload);

        Assert.True(Iccid.IsValid(iccid));
        Assert.Equal(1, Enumerable.Range(0, 10).Count(d => Iccid.IsValid(payload + d)));
    }
}
