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
            .ValidateOnStart();
        builder.Services.AddSingleton<EnrollmentTokenService>();
        builder.Services.AddSingleton<EnrollmentService>();
        builder.Services.AddSingleton<DeviceAuthenticator>();
        return builder;
    }
}
