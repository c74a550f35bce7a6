using Fleet.LinkShaper.Config;
using Fleet.LinkShaper.Control;
using Fleet.LinkShaper.Model;

namespace Fleet.Bonding.Tests.Shaper;

public sealed class ShaperCommandTests
{
    [Theory]
    [InlineData("blackhole 2", ShaperVerb.Blackhole, "2", Directions.Both, 0)]
    [InlineData("blackhole 2 up", ShaperVerb.Blackhole, "2", Directions.Up, 0)]
    [InlineData("rate 1 2.5 down", ShaperVerb.Rate, "1", Directions.Down, 2.5)]
    [InlineData("loss 3 3", ShaperVerb.Loss, "3", Directions.Both, 3)]
    [InlineData("restore 2", ShaperVerb.Restore, "2", Directions.Both, 0)]
    public void TryParse_ValidCommand_Parsed(string text, ShaperVerb verb, string link, Directions dirs, double value)
    {
        Assert.True(ShaperCommand.TryParse(text, out var c, out var error), error);
        Assert.Equal(verb, c.Verb);
        Assert.Equal(link, c.Link);
        Assert.Equal(dirs, c.Directions);
        Assert.Equal(value, c.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("rate 1")]
    [InlineData("rate 1 -5")]
    [InlineData("loss 1 150")]
    [InlineData("explode 1")]
    public void TryParse_Invalid_ReturnsError(string text)
    {
        Assert.False(ShaperCommand.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Controller_ScheduledBlackholeAndRestore_FireAtTheirTimes()
    {
        long now = 0;
        var up = new DirectionShaper(new DirectionSettings { Capacity = new ConstantCapacity(8e6) }, 1);
        var down = new DirectionShaper(new DirectionSettings { Capacity = new ConstantCapacity(8e6) }, 2);
        var link = new ShaperController.LinkDirections("2", up.Settings, down.Settings,
            (d, change) => { if (d.HasFlag(Directions.Up)) change(up); if (d.HasFlag(Directions.Down)) change(down); },
            d => d == Directions.Up ? up.Counters : down.Counters);
        var controller = new ShaperController([link],
            [new EventConfig { At = 6, Command = "blackhole 2" }, new EventConfig { At = 16, Command = "restore 2" },
             new EventConfig { At = 20, Command = "rate 2 2 up" }],
            () => now, TextWriter.Null);

        now = 5_900_000;
        controller.FireDueEvents();
        Assert.False(up.Blackholed);
        now = 6_000_000;
        Assert.Equal(10_000_000, controller.FireDueEvents());
        Assert.True(up.Blackholed && down.Blackholed);
        now = 16_100_000;
        controller.FireDueEvents();
        Assert.False(up.Blackholed || down.Blackholed);
        now = 21_000_000;
        Assert.Equal(-1, controller.FireDueEvents());
        Assert.Equal(2e6, ((ConstantCapacity)up.Settings.Capacity).BitsPerSecond);
        Assert.Equal(8e6, ((ConstantCapacity)down.Settings.Capacity).BitsPerSecond);
    }

    [Fact]
    public void ConfigLoader_InvalidValues_ListsEveryError()
    {
        var (config, errors) = ShaperConfigLoader.Parse("""
            {"links":[{"name":"1","a":"a1","b":"a1","up":{"rateMbit":-1},"down":{"lossPct":120,"trace":"/nope"}}],
             "events":[{"at":1,"command":"explode"}]}
            """);
        Assert.NotNull(config);
        Assert.Contains(errors, e => e.Contains("two different interfaces"));
        Assert.Contains(errors, e => e.Contains("rateMbit"));
        Assert.Contains(errors, e => e.Contains("lossPct"));
        Assert.Contains(errors, e => e.Contains("/nope"));
        Assert.Contains(errors, e => e.Contains("bad command"));
    }
}
