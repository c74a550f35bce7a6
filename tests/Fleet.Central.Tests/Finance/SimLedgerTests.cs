using Fleet.Central.Finance;
using Fleet.Central.Finance.Data;

namespace Fleet.Central.Tests.Finance;

public sealed class SimLedgerTests
{
    private static Sim Allowance(short startDay) => new()
    {
        Iccid = "x", Carrier = "c", PlanName = "p", Currency = "EUR", Billing = SimBilling.Allowance,
        AllowanceBytes = 10_000_000_000, PeriodStartDay = startDay,
    };

    [Fact]
    public void Window_BeforeStartDayOfMonth_PeriodBeganLastMonth()
    {
        var (start, end) = SimLedger.Window(Allowance(15), new DateOnly(2026, 3, 10));

        Assert.Equal(new DateOnly(2026, 2, 15), start);
        Assert.Equal(new DateOnly(2026, 3, 14), end);
    }

    [Fact]
    public void Window_OnStartDay_PeriodBeginsToday()
    {
        var (start, end) = SimLedger.Window(Allowance(1), new DateOnly(2026, 2, 1));

        Assert.Equal(new DateOnly(2026, 2, 1), start);
        Assert.Equal(new DateOnly(2026, 2, 28), end);
    }

    [Fact]
    public void BaseBytes_Prepaid_BalanceOverPricePerGb()
    {
        var sim = new Sim
        {
            Iccid = "x", Carrier = "c", PlanName = "p", Currency = "EUR", Billing = SimBilling.Prepaid,
            PrepaidBalance = 25m, PricePerGb = 2.5m, BalanceAsOf = new DateOnly(2026, 1, 1),
        };

        Assert.Equal(10_000_000_000, SimLedger.BaseBytes(sim));
        Assert.Equal(4_000_000_000, SimLedger.BytesForAmount(sim, 10m));
        Assert.Equal((new DateOnly(2026, 1, 1), (DateOnly?)null), SimLedger.Window(sim, new DateOnly(2026, 5, 5)));
    }
}
