using System.Text.Json.Nodes;
using Fleet.Agent.Modems.ModemManager;
using Fleet.Agent.Modems.Parsing;
using Fleet.Agent.Modems.Parsing.Cinterion;
using Fleet.Agent.Modems.Parsing.Huawei;
using Fleet.Agent.Modems.Parsing.ThreeGpp;

namespace Fleet.Agent.Tests.Modems.Vectors;

/// <summary>
/// Every vector of modemmanager_test_vectors.json, one theory row each. The parser result is turned into a
/// "view" with ModemManager's field and enum names and compared with what ModemManager's own test asserts.
/// </summary>
public sealed class ModemManagerVectorTests
{
    public static TheoryData<string, int> Rows => AtVectorFile.Rows(AtVectorFile.ModemManager, _ => true);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Parse_ModemManagerVector_MatchesAssertedValues(string group, int index)
    {
        var vector = AtVectorFile.Vector(AtVectorFile.ModemManager, group, index);
        var response = vector["response"]!.GetValue<string>();
        switch (group)
        {
            case "creg_cgreg_cereg_c5greg":
                JsonSubset.Assert(vector["expected"], RegistrationView(RegistrationParser.Parse(response, vector["solicited"]!.GetValue<bool>())));
                break;
            case "cops_test_response":
                AssertNetworks(vector, OperatorParser.ParseScan(response, Charset(vector)));
                break;
            case "cops_read_response":
                JsonSubset.Assert(vector["expected"], CopsReadView(OperatorParser.ParseCurrent(response, Charset(vector))));
                break;
            case "cesq":
                JsonSubset.Assert(vector["expected"], CesqView(SignalQualityParser.ParseCesq(response)));
                break;
            case "cind_test_response":
                var indicators = IndicatorParser.ParseCindTest(response);
                var view = new JsonArray([.. indicators.Select(i => (JsonNode)new JsonObject { ["name"] = i.Name, ["min"] = i.Min, ["max"] = i.Max })]);
                JsonSubset.Assert(vector["expected_indicators_in_order"], view);
                break;
            case "huawei_sysinfo":
                var expected = vector["expected"]!.DeepClone().AsObject();
                if (expected["sys_submode_valid"]?.GetValue<bool>() == false)
                {
                    expected.Remove("sys_submode");
                }

                JsonSubset.Assert(expected, SysInfoView(HuaweiParsers.ParseSysInfo(response)));
                break;
            case "huawei_sysinfoex":
                JsonSubset.Assert(vector["expected"], SysInfoExView(HuaweiParsers.ParseSysInfoEx(response)));
                break;
            case "huawei_hcsq":
                JsonSubset.Assert(vector["expected"], HcsqView(HuaweiParsers.ParseHcsq(response)));
                break;
            case "huawei_ndisstatqry":
                var ndis = vector["expected"]!.DeepClone().AsObject();
                foreach (var family in new[] { "ipv4", "ipv6" })
                {
                    if (ndis[family + "_available"]?.GetValue<bool>() == false)
                    {
                        ndis.Remove(family + "_connected");
                    }
                }

                JsonSubset.Assert(ndis, NdisView(HuaweiParsers.ParseNdisStat(response)));
                break;
            case "cinterion_smoni":
                JsonSubset.Assert(vector["expected"], SmoniView(SmoniParser.Parse(response)));
                break;
            default:
                throw new Xunit.Sdk.XunitException($"no parser is wired for vector group '{group}'");
        }
    }

    private static ModemCharset Charset(JsonObject vector) =>
        vector["charset"]?.GetValue<string>().ToUpperInvariant() switch
        {
            "UCS2" => ModemCharset.Ucs2,
            "IRA" => ModemCharset.Ira,
            _ => ModemCharset.Gsm,
        };

    private static JsonObject? RegistrationView(RegistrationInfo? r) => r is null ? null : new JsonObject
    {
        ["state"] = ModemManagerNames.Name(r.State),
        ["lac"] = r.Lac,
        ["ci"] = r.CellId,
        ["access_tech"] = ModemManagerNames.Name(r.AccessTech),
        ["is_cgreg"] = r.Domain == RegistrationDomain.Cgreg,
        ["is_cereg"] = r.Domain == RegistrationDomain.Cereg,
        ["is_c5greg"] = r.Domain == RegistrationDomain.C5greg,
        ["lac_hex"] = r.Lac.ToString("X", System.Globalization.CultureInfo.InvariantCulture),
        ["ci_hex"] = r.CellId.ToString("X", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>expected_networks is an unordered multiset; the whole record (names and status too) must match.</summary>
    private static void AssertNetworks(JsonObject vector, IReadOnlyList<ScannedNetwork> actual)
    {
        static string Key(string? status, string? longName, string? shortName, string? code, string? tech) =>
            $"{status}|{longName}|{shortName}|{code}|{tech}";

        var expected = vector["expected_networks"]!.AsArray()
            .Select(n => Key(n!["status"]?.GetValue<string>(), n["operator_long"]?.GetValue<string>(), n["operator_short"]?.GetValue<string>(),
                n["operator_code"]?.GetValue<string>(), n["access_tech"]?.GetValue<string>()))
            .Order(StringComparer.Ordinal).ToList();
        var got = actual
            .Select(n => Key(n.Status.ToString().ToUpperInvariant(), n.OperatorLong, n.OperatorShort, n.OperatorCode, ModemManagerNames.Name(n.AccessTech)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
    }

    private static JsonObject? CopsReadView(CurrentOperator? c) => c is null ? null : new JsonObject
    {
        ["mode"] = c.Mode, ["format"] = c.Format, ["operator"] = c.Operator, ["act"] = ModemManagerNames.Name(c.AccessTech),
    };

    private static JsonObject? CesqView(ExtendedSignalQuality? q)
    {
        if (q is null)
        {
            return null;
        }

        var view = new JsonObject
        {
            ["gsm_info"] = q.HasGsm, ["rxlev"] = q.RxLev, ["ber"] = q.Ber, ["umts_info"] = q.HasUmts, ["rscp_level"] = q.RscpLevel,
            ["ecn0_level"] = q.EcN0Level, ["lte_info"] = q.HasLte, ["rsrq_level"] = q.RsrqLevel, ["rsrp_level"] = q.RsrpLevel,
        };
        AddIfKnown(view, "rssi", q.Rssi);
        AddIfKnown(view, "rscp", q.Rscp);
        AddIfKnown(view, "ecio", q.EcIo);
        AddIfKnown(view, "rsrq", q.Rsrq);
        AddIfKnown(view, "rsrp", q.Rsrp);
        return view;
    }

    private static void AddIfKnown(JsonObject view, string key, double? value)
    {
        if (value is { } v)
        {
            view[key] = v;
        }
    }

    private static JsonObject? SysInfoView(HuaweiSysInfo? s) => s is null ? null : new JsonObject
    {
        ["srv_status"] = s.SrvStatus, ["srv_domain"] = s.SrvDomain, ["roam_status"] = s.RoamStatus, ["sys_mode"] = s.SysMode,
        ["sim_state"] = s.SimState, ["sys_submode_valid"] = s.SysSubmodeValid, ["sys_submode"] = s.SysSubmode,
    };

    private static JsonObject? SysInfoExView(HuaweiSysInfoEx? s) => s is null ? null : new JsonObject
    {
        ["srv_status"] = s.SrvStatus, ["srv_domain"] = s.SrvDomain, ["roam_status"] = s.RoamStatus, ["sim_state"] = s.SimState,
        ["sys_mode"] = s.SysMode, ["sys_submode"] = s.SysSubmode,
    };

    private static JsonObject HcsqView(HuaweiSignal? s) => new()
    {
        ["ret"] = s is not null,
        ["act"] = ModemManagerNames.Name(s?.AccessTech ?? AccessTechnology.Unknown),
        ["value1"] = s?.Value1 ?? 0, ["value2"] = s?.Value2 ?? 0, ["value3"] = s?.Value3 ?? 0, ["value4"] = s?.Value4 ?? 0, ["value5"] = s?.Value5 ?? 0,
    };

    private static JsonObject? NdisView(HuaweiNdisStatus? s) => s is null ? null : new JsonObject
    {
        ["ipv4_available"] = s.Ipv4Available, ["ipv4_connected"] = s.Ipv4Connected,
        ["ipv6_available"] = s.Ipv6Available, ["ipv6_connected"] = s.Ipv6Connected,
    };

    /// <summary>ModemManager reports 0.0 for values the RAT does not have and tech NONE while searching.</summary>
    private static JsonObject? SmoniView(CinterionServingCell? c) => c is null ? null : new JsonObject
    {
        ["tech"] = c.Tech ?? "NONE", ["rssi"] = c.Rssi ?? 0.0, ["ecn0"] = c.EcN0 ?? 0.0, ["rscp"] = c.Rscp ?? 0.0,
        ["rsrp"] = c.Rsrp ?? 0.0, ["rsrq"] = c.Rsrq ?? 0.0,
    };
}
