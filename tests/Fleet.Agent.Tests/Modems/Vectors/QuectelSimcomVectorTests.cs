using System.Text.Json.Nodes;
using Fleet.Agent.Modems.Gnss;
using Fleet.Agent.Modems.Parsing;
using Fleet.Agent.Modems.Parsing.Quectel;
using Fleet.Agent.Modems.Parsing.Simcom;

namespace Fleet.Agent.Tests.Modems.Vectors;

/// <summary>
/// Every vector of quectel_simcom_test_vectors.json. "expected" holds what the source test asserts, with that
/// test's field names; the parser result is exposed under those names ("cells[0]", "scc[1]", "pcc", ...).
/// </summary>
public sealed class QuectelSimcomVectorTests
{
    public static TheoryData<string, int> Rows => AtVectorFile.Rows(AtVectorFile.QuectelSimcom, _ => true);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Parse_QuectelSimcomVector_MatchesAssertedValues(string group, int index)
    {
        var vector = AtVectorFile.Vector(AtVectorFile.QuectelSimcom, group, index);
        var response = vector["response"]!.GetValue<string>();
        var command = vector["command"]?.GetValue<string>() ?? "";
        var view = View(command, response);
        JsonSubset.Assert(vector["expected"], view);

        // Our own reading of the field order, where the data set gives one (not asserted upstream).
        if (vector["fields_by_position"] is JsonObject byPosition)
        {
            AssertFieldsByPosition(byPosition, response);
        }
    }

    private static JsonObject? View(string command, string response)
    {
        var upper = command.ToUpperInvariant();
        if (upper.Contains("NEIGHBOURCELL", StringComparison.Ordinal))
        {
            var cells = QuectelParsers.ParseNeighbourCells(response);
            var view = new JsonObject { ["count"] = cells.Count };
            for (var i = 0; i < cells.Count; i++)
            {
                view[$"cells[{i}]"] = CellView(cells[i]);
            }

            return view;
        }

        if (upper.Contains("+QENG", StringComparison.Ordinal))
        {
            var serving = QuectelParsers.ParseServingCell(response);
            return serving is null ? null : new JsonObject
            {
                ["state"] = serving.State,
                ["access_tech"] = serving.AccessTech.ToString(),
                ["lte"] = serving.Lte is null ? null : CellView(serving.Lte),
                ["nr5g"] = serving.Nr is null ? null : CellView(serving.Nr),
                ["nr"] = serving.Nr is null ? null : CellView(serving.Nr),
                ["wcdma"] = serving.Other is { Rat: AccessTechnology.Umts } w ? CellView(w) : null,
                ["gsm"] = serving.Other is { Rat: AccessTechnology.Gsm } g ? CellView(g) : null,
            };
        }

        if (upper.Contains("+QCAINFO", StringComparison.Ordinal))
        {
            var ca = QuectelParsers.ParseCarrierAggregation(response);
            if (ca is null)
            {
                return null;
            }

            var view = new JsonObject { ["pcc"] = ca.Pcc is null ? null : CellView(ca.Pcc), ["scc_count"] = ca.Sccs.Count };
            for (var i = 0; i < ca.Sccs.Count; i++)
            {
                view[$"scc[{i}]"] = CellView(ca.Sccs[i]);
            }

            return view;
        }

        if (upper.Contains("+QSPN", StringComparison.Ordinal))
        {
            var n = QuectelParsers.ParseNetworkName(response);
            return n is null ? null : new JsonObject
            {
                ["fnn"] = n.FullName, ["full_name"] = n.FullName, ["long_name"] = n.FullName,
                ["snn"] = n.ShortName, ["short_name"] = n.ShortName,
                ["spn"] = n.Spn, ["alphabet"] = n.Alphabet, ["rplmn"] = n.RegisteredPlmn, ["registered_plmn"] = n.RegisteredPlmn,
            };
        }

        if (upper.Contains("+QNWPREFCFG", StringComparison.Ordinal))
        {
            var view = new JsonObject();
            foreach (var (key, value) in QuectelParsers.ParseNetworkPreferences(response))
            {
                view[key] = value;
            }

            return view;
        }

        if (upper.StartsWith("ATI", StringComparison.Ordinal))
        {
            var id = QuectelParsers.ParseIdentity(response);
            return id is null ? null : new JsonObject { ["manufacturer"] = id.Manufacturer, ["model"] = id.Model, ["revision"] = id.Revision, ["imei"] = id.Imei };
        }

        var fix = upper.Contains("QGPSLOC", StringComparison.Ordinal) ? QuectelGnssParser.ParseQgpsLoc(response)
            : upper.Contains("CGNSSINFO", StringComparison.Ordinal) ? SimcomParsers.ParseCgnssInfo(response)
            : upper.Contains("CGPSINFO", StringComparison.Ordinal) ? SimcomParsers.ParseCgpsInfo(response)
            : throw new Xunit.Sdk.XunitException($"no parser is wired for command '{command}'");
        return FixView(fix);
    }

    private static JsonObject CellView(QuectelCell c) => new()
    {
        ["rat"] = c.Rat is AccessTechnology.Nr5g ? "5g" : c.Rat is AccessTechnology.Lte ? "lte" : c.RatName,
        ["cell_type"] = c.Role?.ToLowerInvariant(),
        ["duplex"] = c.Duplex,
        ["mcc"] = c.Mcc is null ? null : int.Parse(c.Mcc, System.Globalization.CultureInfo.InvariantCulture),
        ["mnc"] = c.Mnc is null ? null : int.Parse(c.Mnc, System.Globalization.CultureInfo.InvariantCulture),
        ["cell_id"] = c.CellId,
        ["pci"] = c.Pci,
        ["arfcn"] = c.Arfcn,
        ["earfcn"] = c.Arfcn,
        ["band"] = c.Band,
        ["ul_bw"] = c.UlBandwidth,
        ["dl_bw"] = c.DlBandwidth,
        ["tac"] = c.Tac,
        ["rsrp"] = c.Rsrp,
        ["rsrq"] = c.Rsrq,
        ["rssi"] = c.Rssi,
        ["sinr"] = c.Sinr,
        ["cqi"] = c.Cqi,
        ["tx_power"] = c.TxPower,
        ["srxlev"] = c.Srxlev,
        ["scs"] = c.Scs,
        ["state"] = c.State,
        ["ul_configured"] = c.UlConfigured,
        ["ul_band"] = c.UlBand,
        ["ul_earfcn"] = c.UlArfcn,
        ["ul_arfcn"] = c.UlArfcn,
        ["bandwidth"] = c.DlBandwidth,
        ["freq"] = c.Arfcn,
        ["band_name"] = c.RatName,
        ["psc"] = c.Psc,
        ["rscp"] = c.Rscp,
        ["ecio"] = c.EcIo,
        ["lac"] = c.Lac,
        ["cellid"] = c.CellId,
        ["pcid"] = c.Pci,
    };

    private static JsonObject FixView(ModemGnssFix? fix) => new()
    {
        // The sixfab test only asserts that reading the location succeeds.
        ["status"] = fix is null ? "FAILURE" : "SUCCESS (test only asserts the call succeeds)",
        ["lat"] = fix?.Latitude, ["latitude"] = fix?.Latitude, ["lat_deg"] = fix?.Latitude,
        ["lon"] = fix?.Longitude, ["longitude"] = fix?.Longitude, ["lon_deg"] = fix?.Longitude,
        ["alt"] = fix?.AltitudeMsl, ["altitude"] = fix?.AltitudeMsl, ["alt_m"] = fix?.AltitudeMsl,
        ["course"] = fix?.CourseDeg,
        ["time"] = fix?.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["speed_mps"] = fix?.SpeedMps,
        ["hdop"] = fix?.Hdop,
    };

    private static void AssertFieldsByPosition(JsonObject byPosition, string response)
    {
        var fix = QuectelGnssParser.ParseQgpsLoc(response) ?? SimcomParsers.ParseCgpsInfo(response);
        Assert.NotNull(fix);
        foreach (var (key, value) in byPosition)
        {
            switch (key)
            {
                case "lat_deg":
                    Assert.Equal(value!.GetValue<double>(), fix.Latitude, 6);
                    break;
                case "lon_deg":
                    Assert.Equal(value!.GetValue<double>(), fix.Longitude, 6);
                    break;
                case "alt_m":
                    Assert.Equal(value!.GetValue<double>(), fix.AltitudeMsl!.Value, 6);
                    break;
                case "hdop":
                    Assert.Equal(value!.GetValue<double>(), fix.Hdop!.Value, 6);
                    break;
                case "fix":
                    Assert.Equal(value!.GetValue<int>(), fix.FixDimension);
                    break;
                case "nsat":
                    Assert.Equal(value!.GetValue<int>(), fix.Satellites);
                    break;
                case "spkm":
                    Assert.Equal(double.Parse(value!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) / 3.6, fix.SpeedMps!.Value, 6);
                    break;
                case "utc":
                    Assert.Equal(value!.GetValue<string>()[..6], fix.Time.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "date_ddmmyy":
                    Assert.Equal(value!.GetValue<string>(), fix.Time.ToString("ddMMyy", System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
