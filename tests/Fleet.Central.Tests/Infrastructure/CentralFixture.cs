using Fleet.Central.Data;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Fleet.Central.Tests.Infrastructure;

/// <summary>A real central host (Program.Build) on free loopback ports over a fresh, migrated database.
/// One per test class (IClassFixture), so classes never see each other's rows.</summary>
public sealed class CentralFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string RegistrationKey = "test-registration-key-0123456789";

    private readonly Dictionary<string, string?> _overrides = new();

    public string ConnectionString { get; private set; } = "";
    public WebApplication App { get; private set; } = null!;
    public Uri HttpAddress { get; private set; } = null!;
    public Uri GrpcAddress { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;

    public AgentGatewayService.Client Agents => new(Channel.CreateCallInvoker());
    public AggregatorGatewayService.Client Aggregators => new(Channel.CreateCallInvoker());

    /// <summary>Extra configuration for a test class's host (set before InitializeAsync runs).</summary>
    public CentralFixture With(string key, string? value)
    {
        _overrides[key] = value;
        return this;
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("central_test");
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = ConnectionString,
            ["Central:HttpUrl"] = HttpAddress.ToString(),
            ["Central:GrpcUrl"] = GrpcAddress.ToString(),
            ["Central:AdminKey"] = AdminKey,
            ["Central:AggregatorRegistrationKey"] = RegistrationKey,
            ["Database:MigrateOnStartup"] = "true",
            ["Aggregators:LivenessTimeoutSeconds"] = "20",
            ["Dashboard:RefreshIntervalMs"] = "500",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Grpc:EnableDetailedErrors"] = "true",
        };
        foreach (var (key, value) in _overrides)
            settings[key] = value;

        App = Program.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await App.MigrateFleetDatabaseAsync();
        await App.StartAsync();

        Http = new HttpClient { BaseAddress = HttpAddress };
        Channel = GrpcChannel.ForAddress(GrpcAddress);
        Database = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        Http?.Dispose();
        if (Database is not null)
            await Database.DisposeAsync();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        if (ConnectionString.Length > 0)
            await TestPostgres.DropDatabaseAsync(ConnectionString);
    }

    /// <summary>Runs a scalar query against the test database.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var result = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
