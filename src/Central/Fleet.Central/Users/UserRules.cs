namespace Fleet.Central.Users;

/// <summary>What makes an acceptable email and password; one text per problem, null when fine.</summary>
internal static class UserRules
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public const int MaxEmailLength = 320;

    public static string NormalizeEmail(string? email) => (email ?? "").Trim().ToLowerInvariant();

    public static string? CheckEmail(string? email)
    {
        var normalized = NormalizeEmail(email);
        if (normalized.Length == 0)
            return "an email address is required.";
        if (normalized.Length > MaxEmailLength)
            return $"longer than {MaxEmailLength} characters.";
        var at = normalized.IndexOf('@');
        if (at <= 0 || at != normalized.LastIndexOf('@') || at == normalized.Length - 1 || normalized.Any(char.IsWhiteSpace))
            return $"'{normalized}' is not an email address.";
        return null;
    }

    public static string? CheckPassword(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
            return $"at least {MinPasswordLength} characters are required.";
        if (password.Length > MaxPasswordLength)
            return $"longer than {MaxPasswordLength} characters.";
        return null;
    }
}
