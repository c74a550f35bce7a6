using Microsoft.Extensions.Options;

namespace Fleet.Central.Assignments;

public static class AssignmentExtensions
{
    public static WebApplicationBuilder AddAssignments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AssignmentOptions>()
            .Bind(builder.Configuration.GetSection(AssignmentOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AssignmentOptions>, AssignmentOptionsValidator>();
        builder.Services.AddSingleton<AssignmentChanges>();
        builder.Services.AddSingleton<AssignmentWatchers>();
        builder.Services.AddSingleton<AssignmentStore>();
        builder.Services.AddSingleton<AssignmentService>();
        builder.Services.AddSingleton<AssignmentReconciler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AssignmentReconciler>());
        return builder;
    }
}
