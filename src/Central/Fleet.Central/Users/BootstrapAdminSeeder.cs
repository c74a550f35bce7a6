using Fleet.Central.Security;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Central.Users;

/// <summary>Creates Users:BootstrapAdmin when there are no users at all. Runs when the host starts, i.e.
/// after the migrations (Program.Main and the tests migrate before starting).</summary>
public sealed partial class BootstrapAdminSeeder(
    UserService users, IOptions<UsersOptions> options, ILogger<BootstrapAdminSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value.BootstrapAdmin;
        if (!admin.IsConfigured)
            return;
        try
        {
            if (await users.AnyAsync(cancellationToken))
                return;
            var created = await users.CreateAsync(
                new CreateUserRequest(admin.Email, admin.Password, FleetRoles.Admin, "Bootstrap admin"), cancellationToken);
            // A conflict means another instance won the race: the account exists either way.
            if (created.Succeeded)
                LogBootstrapped(logger, created.Value.Email);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            LogNotMigrated(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} created (no users existed)")]
    private static partial void LogBootstrapped(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Users table missing (database not migrated): bootstrap admin not created")]
    private static partial void LogNotMigrated(ILogger logger);
}
