using Fleet.Central.Finance.Data;

namespace Fleet.Central.Finance;

/// <summary>How much data a SIM may use in its current accounting window. Pure, so the period arithmetic
/// (month ends, period start days) is tested without a database.</summary>
public static class SimLedger
{
    public const double BytesPerGb = 1e9;

    /// <summary>Allowance: the monthly period containing <paramref name="today"/>; prepaid: from the
    /// balance's day, open-ended (null end).</summary>
    public static (DateOnly Start, DateOnly? End) Window(Sim sim, DateOnly today)
    {
        if (sim.Billing == SimBilling.Prepaid)
            return (sim.BalanceAsOf ?? DateOnly.FromDateTime(sim.CreatedAt.UtcDateTime), null);
        var startDay = Math.Clamp((int)(sim.PeriodStartDay ?? 1), 1, 28);
        var start = new DateOnly(today.Year, today.Month, startDay);
        if (start > today)
            start = start.AddMonths(-1);
        return (start, start.AddMonths(1).AddDays(-1));
    }

    /// <summary>Data the window starts with, before top-ups.</summary>
    public static long BaseBytes(Sim sim) => sim.Billing switch
    {
        SimBilling.Allowance => sim.AllowanceBytes ?? 0,
        _ when sim.PricePerGb is > 0 && sim.PrepaidBalance is { } balance => (long)Math.Floor((double)(balance / sim.PricePerGb.Value) * BytesPerGb),
        _ => 0,
    };

    /// <summary>Data a prepaid top-up of <paramref name="amount"/> buys.</summary>
    public static long BytesForAmount(Sim sim, decimal amount) =>
        sim.PricePerGb is > 0 ? (long)Math.Floor((double)(amount / sim.PricePerGb.Value) * BytesPerGb) : 0;
}
