using System.Text.Json.Nodes;

namespace Fleet.Agent.Tests.Modems.Vectors;

/// <summary>Loads ../shared/data/at_responses/*.json at test time; theory rows are (file, group, index).</summary>
internal static class AtVectorFile
{
    public const string ModemManager = "modemmanager_test_vectors.json";
    public const string QuectelSimcom = "quectel_simcom_test_vectors.json";

    private static readonly Dictionary<string, JsonObject> Cache = [];

    public static JsonObject Load(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var root))
            {
                root = JsonNode.Parse(File.ReadAllText(ModemTestData.Path("at_responses", file)))!.AsObject();
                Cache[file] = root;
            }

            return root;
        }
    }

    public static JsonArray Vectors(string file, string group) => Load(file)["groups"]![group]!["vectors"]!.AsArray();

    public static JsonObject Vector(string file, string group, int index) => Vectors(file, group)[index]!.AsObject();

    public static IEnumerable<string> Groups(string file) => Load(file)["groups"]!.AsObject().Select(g => g.Key);

    /// <summary>One row per vector of every group in <paramref name="file"/> accepted by <paramref name="groupFilter"/>.</summary>
    public static TheoryData<string, int> Rows(string file, Func<string, bool> groupFilter)
    {
        var data = new TheoryData<string, int>();
        foreach (var group in Groups(file).Where(groupFilter))
        {
            for (var i = 0; i < Vectors(file, group).Count; i++)
            {
                data.Add(group, i);
            }
        }

        return data;
    }
}
