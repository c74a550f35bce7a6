namespace Fleet.Central.Enrollment;

public static class EnrollmentExtensions
{
    public static WebApplicationBuilder AddEnrollment(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EnrollmentOptions>()
            .Bind(builder.Configuration.GetSection(EnrollmentOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultTokenTtlMinutes <= o.MaxTokenTtlMinutes,
                "Enrollment:DefaultTokenTtlMinutes must not exceed Enrollment:MaxTokenTtlMinutes.")
            .Validate(o => TunnelAddressPool.TryParse(o.TunnelPool, out _, out _),
                "Enrollment:TunnelPool must be an IPv4 prefix of at most /30, e.g. 100.64.0.0/10.")
            .ValidateOnStart();
        builder.Services.AddSingleton<EnrollmentTokenService>();
        builder.Services.AddSingleton<EnrollmentService>();
        builder.Services.AddSingleton<DeviceAuthenticator>();
        return builder;
    }
}
