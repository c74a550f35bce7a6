using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Agent.Tests.Modems.Vectors;

/// <summary>
/// Asserts that every key the source test asserts (the vector's "expected") is present in the parser's view
/// with an equal value. A key the view does not expose fails the test: nothing asserted upstream is skipped.
/// </summary>
internal static class JsonSubset
{
    public static void Assert(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Xunit.Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject eo:
                var ao = actual as JsonObject ?? throw new Xunit.Sdk.XunitException($"{path}: expected an object, got {actual?.ToJsonString() ?? "nothing"}");
                foreach (var (key, value) in eo)
                {
                    if (!ao.ContainsKey(key))
                    {
                        throw new Xunit.Sdk.XunitException($"{path}.{key}: the parser does not expose this asserted field (view: {ao.ToJsonString()})");
                    }

                    Assert(value, ao[key], $"{path}.{key}");
                }

                break;
            case JsonArray ea:
                var aa = actual as JsonArray ?? throw new Xunit.Sdk.XunitException($"{path}: expected an array");
                Xunit.Assert.True(ea.Count == aa.Count, $"{path}: expected {ea.Count} items, got {aa.Count}");
                for (var i = 0; i < ea.Count; i++)
                {
                    Assert(ea[i], aa[i], $"{path}[{i}]");
                }

                break;
            case JsonValue ev when ev.GetValueKind() == JsonValueKind.String && ev.GetValue<string>().Length == 0 && actual is null:
                // An empty string upstream and "not available" (null) here mean the same thing.
                break;
            case JsonValue ev when actual is JsonValue nv && ev.GetValueKind() != nv.GetValueKind()
                                   && (ev.GetValueKind(), nv.GetValueKind()) is (JsonValueKind.String, JsonValueKind.Number) or (JsonValueKind.Number, JsonValueKind.String):
                // Upstream tests differ in whether "01"/222 are strings or numbers; compare the numeric value.
                var es = ev.GetValueKind() == JsonValueKind.String ? ev.GetValue<string>() : ev.ToJsonString();
                var ns = nv.GetValueKind() == JsonValueKind.String ? nv.GetValue<string>() : nv.ToJsonString();
                Xunit.Assert.True(
                    double.TryParse(es, System.Globalization.CultureInfo.InvariantCulture, out var ed) && double.TryParse(ns, System.Globalization.CultureInfo.InvariantCulture, out var nd) && Math.Abs(ed - nd) < 1e-9,
                    $"{path}: expected {ev.ToJsonString()}, got {nv.ToJsonString()}");
                break;
            case JsonValue ev:
                Xunit.Assert.True(actual is JsonValue, $"{path}: expected {ev.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}");
                var av = (JsonValue)actual!;
                if (ev.GetValueKind() == JsonValueKind.Number)
                {
                    Xunit.Assert.True(av.GetValueKind() == JsonValueKind.Number, $"{path}: expected number {ev}, got {av.ToJsonString()}");
                    var e = double.Parse(ev.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                    var a = double.Parse(av.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                    Xunit.Assert.True(Math.Abs(e - a) <= 1e-6 * Math.Max(1, Math.Abs(e)), $"{path}: expected {e}, got {a}");
                }
                else if (ev.GetValueKind() == JsonValueKind.String)
                {
                    Xunit.Assert.True(av.GetValueKind() == JsonValueKind.String, $"{path}: expected \"{ev}\", got {av.ToJsonString()}");
                    Xunit.Assert.Equal(ev.GetValue<string>(), av.GetValue<string>());
                }
                else
                {
                    Xunit.Assert.Equal(ev.ToJsonString(), av.ToJsonString());
                }

                break;
        }
    }
}
