using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Tests.Hosting;

/// <summary>Bad configuration stops the host at startup with a message that names the key.</summary>
public sealed class StartupValidationTests
{
    private static async Task<OptionsValidationException> StartWithAsync(Dictionary<string, string?> settings)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["Central:HttpUrl"] = "http://127.0.0.1:5997",
            ["Central:GrpcUrl"] = "http://127.0.0.1:5998",
            ["Central:AdminKey"] = "a-long-enough-admin-key",
            ["Logging:LogLevel:Default"] = "None",
        };
        foreach (var (key, value) in settings)
            defaults[key] = value;
        // Some options are read while the endpoints are mapped (Build), the rest when the host starts.
        return await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = Program.Build([], builder => builder.Configuration.AddInMemoryCollection(defaults));
            await app.StartAsync();
        });
    }

    [Fact]
    public async Task Start_EmptyAdminKey_FailsNamingCentralAdminKey()
    {
        var error = await StartWithAsync(new() { ["Central:AdminKey"] = "" });

        Assert.Contains("Central:AdminKey must be set", error.Message);
    }

    [Fact]
    public async Task Start_MissingConnectionString_FailsNamingConnectionStringsFleet()
    {
        var error = await StartWithAsync(new() { ["ConnectionStrings:Fleet"] = "" });

        Assert.Contains("ConnectionStrings:Fleet must be set", error.Message);
    }

    [Fact]
    public async Task Start_SamePortForHttpAndGrpc_FailsExplainingWhy()
    {
        var error = await StartWithAsync(new()
        {
            ["Central:HttpUrl"] = "http://127.0.0.1:5999",
            ["Central:GrpcUrl"] = "http://127.0.0.1:5999",
        });

        Assert.Contains("must use different ports", error.Message);
    }

    [Fact]
    public async Task Start_GrpcUrlNotHttp_Fails()
    {
        var error = await StartWithAsync(new() { ["Central:GrpcUrl"] = "grpc-on-5081" });

        Assert.Contains("Central:GrpcUrl 'grpc-on-5081' is not an http://host:port URL", error.Message);
    }
}
