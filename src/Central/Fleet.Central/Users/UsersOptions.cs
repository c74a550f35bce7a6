using Microsoft.Extensions.Options;

namespace Fleet.Central.Users;

/// <summary>Section "Users". <see cref="BootstrapAdmin"/> is created at startup when the users table is
/// empty (env: Users__BootstrapAdmin__Email / Users__BootstrapAdmin__Password), so a fresh install, the
/// browser tests and <c>./fleet demo</c> can log in.</summary>
public sealed class UsersOptions
{
    public const string Section = "Users";

    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    public sealed class BootstrapAdminOptions
    {
        public string Email { get; set; } = "";
        public string Password { get; set; } = "";

        public bool IsConfigured => Email.Length > 0 || Password.Length > 0;
    }
}

internal sealed class UsersOptionsValidator : IValidateOptions<UsersOptions>
{
    public ValidateOptionsResult Validate(string? name, UsersOptions options)
    {
        var admin = options.BootstrapAdmin;
        if (!admin.IsConfigured)
            return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (UserRules.CheckEmail(admin.Email) is { } emailProblem)
            failures.Add($"Users:BootstrapAdmin:Email: {emailProblem}");
        if (UserRules.CheckPassword(admin.Password) is { } passwordProblem)
            failures.Add($"Users:BootstrapAdmin:Password: {passwordProblem}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
