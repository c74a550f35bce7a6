namespace Fleet.Central.Assignments;

public static class AssignmentExtensions
{
    public static WebApplicationBuilder AddAssignments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AssignmentChanges>();
        builder.Services.AddSingleton<AssignmentService>();
        return builder;
    }
}
