using System.Globalization;
using System.Text;
using Fleet.Central.Data;
using Fleet.Central.Finance;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Dashboard.Finance;

/// <summary>Builds the finance SIM table from <see cref="ISimFinanceService"/> (SIMs and their forecasts) and
/// the vehicles' names; the page and the CSV export read the same rows.</summary>
public sealed class SimFinanceTable(ISimFinanceService sims, IDbContextFactory<FleetDbContext> contexts)
{
    public async Task<IReadOnlyList<SimFinanceRow>> LoadAsync(CancellationToken cancellationToken)
    {
        var all = await sims.ListSimsAsync(null, null, cancellationToken);
        Dictionary<Guid, string> names;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var ids = all.Where(s => s.VehicleId is not null).Select(s => s.VehicleId!.Value).Distinct().ToList();
            names = await db.Vehicles.AsNoTracking().Where(v => ids.Contains(v.Id))
                .ToDictionaryAsync(v => v.Id, v => v.Name, cancellationToken);
        }
        var rows = new List<SimFinanceRow>(all.Count);
        foreach (var sim in all)
        {
            var forecast = await sims.GetForecastAsync(sim.Id, null, cancellationToken);
            rows.Add(new SimFinanceRow(
                sim,
                sim.VehicleId is { } v && names.TryGetValue(v, out var name) ? name : null,
                forecast.Succeeded ? forecast.Value : null,
                forecast.Succeeded ? null : forecast.Failure.Message));
        }
        // Most urgent first: the pessimistic run-out date, then the ICCID.
        return [.. rows.OrderBy(r => r.Forecast?.EarliestRunOut ?? DateOnly.MaxValue).ThenBy(r => r.Sim.Iccid, StringComparer.Ordinal)];
    }

    public static readonly string[] CsvHeader =
    [
        "iccid", "vehicle", "carrier", "plan", "billing", "currency", "prepaid_balance", "balance_as_of", "allowance_gb",
        "remaining_gb", "burn_gb_per_day", "burn_cost_per_day", "expected_run_out", "earliest_run_out", "alert_by",
        "inside_lead_time",
    ];

    /// <summary>RFC 4180 CSV, invariant culture, ISO dates; empty where a value is unknown.</summary>
    public static string ToCsv(IEnumerable<SimFinanceRow> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', CsvHeader).Append("\r\n");
        foreach (var r in rows)
        {
            string?[] fields =
            [
                r.Sim.Iccid, r.VehicleName, r.Sim.Carrier, r.Sim.PlanName, r.Sim.Billing, r.Sim.Currency,
                Number(r.Sim.PrepaidBalance), Date(r.Sim.BalanceAsOf),
                Number(r.Sim.AllowanceBytes is { } a ? a / SimFinanceRow.BytesPerGb : null),
                Number(r.RemainingGb), Number(r.BurnGbPerDay), Number(r.BurnCostPerDay),
                Date(r.Forecast?.ExpectedRunOut), Date(r.Forecast?.EarliestRunOut), Date(r.Forecast?.AlertBy),
                r.Forecast is null ? null : r.InsideLeadTime ? "true" : "false",
            ];
            csv.AppendJoin(',', fields.Select(Escape)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string? Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    private static string? Number(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Quotes what needs quoting; a text starting with = + @ (a vehicle named "=cmd()") is prefixed with
    /// an apostrophe so a spreadsheet shows it instead of running it.</summary>
    private static string Escape(string? field)
    {
        if (field is null)
            return "";
        if (field.Length > 0 && field[0] is '=' or '+' or '@' or '\t')
            field = "'" + field;
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
    }
}
