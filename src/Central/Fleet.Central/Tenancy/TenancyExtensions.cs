namespace Fleet.Central.Tenancy;

public static class TenancyExtensions
{
    /// <summary>Tenants, API keys and the tenant-scoped vehicle lookup. The API key authentication scheme
    /// itself is registered with the others in Security/SecurityExtensions.</summary>
    public static WebApplicationBuilder AddTenancy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantService>();
        builder.Services.AddSingleton<ApiKeyService>();
        builder.Services.AddSingleton<TenantVehicles>();
        return builder;
    }
}
