using Fleet.Agent.Config;

namespace Fleet.Agent.Tests.Config;

public sealed class AgentConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-agent-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Valid(string uplinks = """[{"name":"a","interface":"wwan0"},{"name":"b","interface":"wwan1"}]""", string intervals = "{}", string extra = "") => $$"""
        {
          "central": "http://127.0.0.1:5081",
          "enrollmentToken": "tok",
          "stateDir": "{{_dir}}",
          "uplinks": {{uplinks}},
          "modems": [{"name":"m1","device":"/dev/ttyUSB2","vendor":"quectel"}],
          "gps": {"source":"gpsd"},
          "intervals": {{intervals}}{{extra}}
        }
        """;

    private static List<string> Errors(string json)
    {
        var result = AgentConfigFile.Parse(json, "agent.json");
        Assert.Null(result.Error);
        return AgentOptionsValidator.Collect(result.Options!);
    }

    [Fact]
    public void Validate_CompleteConfig_HasNoErrors()
    {
        Assert.Empty(Errors(Valid()));
    }

    [Fact]
    public void Validate_UplinkWithoutInterface_NamesIndexAndField()
    {
        var errors = Errors(Valid(uplinks: """[{"name":"a","interface":"wwan0"},{"name":"b"}]"""));

        Assert.Equal(["uplinks[1].interface: required"], errors);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(3601)]
    public void Validate_BatchSecondsOutOfRange_SaysAllowedRange(int seconds)
    {
        var errors = Errors(Valid(intervals: $$"""{"batchSeconds": {{seconds}}}"""));

        Assert.Equal([$"intervals.batchSeconds: must be 10..3600, got {seconds}"], errors);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEachWithItsPath()
    {
        var json = $$$"""
            {"central":"ftp://x","stateDir":"{{{_dir}}}","uplinks":[{"name":"a","interface":"wwan0"},{"name":"a","interface":"bad/name"}],
             "modems":[{"name":"m","device":"/dev/ttyUSB0","modemManagerId":"3"}],
             "gps":{"source":"nmea-file"}}
            """;

        var errors = Errors(json);

        Assert.Contains("central: must be an http:// or https:// address, got \"ftp://x\"", errors);
        Assert.Contains(errors, e => e.StartsWith("enrollmentToken: required until the agent is enrolled", StringComparison.Ordinal));
        Assert.Contains("uplinks[1].name: \"a\" is used by another uplink", errors);
        Assert.Contains(errors, e => e.StartsWith("uplinks[1].interface: \"bad/name\" is not a valid interface name", StringComparison.Ordinal));
        Assert.Contains("modems[0]: give exactly one of device (a tty path) or modemManagerId", errors);
        Assert.Contains("gps.path: required when gps.source is nmea-file", errors);
    }

    [Fact]
    public void Validate_EnrolledAgentWithoutToken_IsAccepted()
    {
        File.WriteAllText(Path.Combine(_dir, "identity.json"), "{}");
        var json = Valid().Replace("\"enrollmentToken\": \"tok\",", "", StringComparison.Ordinal);

        Assert.Empty(Errors(json));
    }

    [Fact]
    public void Validate_TunnelEnabledWithoutTunIp_UsesEnrolledAddressSoIsAccepted()
    {
        Assert.Empty(Errors(Valid(extra: ""","tunnel": {"enabled": true}""")));
    }

    [Fact]
    public void Validate_TunnelBadValues_NamesEachField()
    {
        var errors = Errors(Valid(extra: ""","tunnel": {"enabled": true, "tunIp": "100.64.0.300/32", "tunMtu": 100, "failoverSilenceSeconds": 0}"""));

        Assert.Contains(errors, e => e.StartsWith("tunnel.tunIp:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tunnel.tunMtu:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tunnel.failoverSilenceSeconds:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MalformedJson_ReportsLineAndPosition()
    {
        var result = AgentConfigFile.Parse("{\n  \"central\": \"http://x\",\n  \"stateDir\": ,\n}", "agent.json");

        Assert.Null(result.Options);
        Assert.StartsWith("agent.json: line 3, position 15", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongType_ReportsFieldPath()
    {
        var result = AgentConfigFile.Parse("{\"intervals\": {\"gpsMs\": \"fast\"}}", "agent.json");

        Assert.NotNull(result.Error);
        Assert.Contains("(intervals.gpsMs)", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownProperty_IsRejected()
    {
        var result = AgentConfigFile.Parse("{\"centrl\": \"http://x\"}", "agent.json");

        Assert.Contains("centrl", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysCannotRead()
    {
        var path = Path.Combine(_dir, "nope.json");

        Assert.StartsWith(path + ": cannot read:", AgentConfigFile.Load(path).Error, StringComparison.Ordinal);
    }
}
