using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Users;

public static class UsersExtensions
{
    public static WebApplicationBuilder AddFleetUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<UsersOptions>, UsersOptionsValidator>();
        builder.Services.AddOptions<UsersOptions>()
            .Bind(builder.Configuration.GetSection(UsersOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<UserService>();
        builder.Services.AddScoped<AuthenticationStateProvider, UserCircuitRevalidator>();
        builder.Services.AddHostedService<BootstrapAdminSeeder>();
        return builder;
    }
}
