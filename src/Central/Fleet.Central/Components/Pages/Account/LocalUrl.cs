namespace Fleet.Central.Components.Pages.Account;

/// <summary>Return URLs come from the query string: only same-site paths are followed (no open redirect).</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) &&
        !url.Contains("://", StringComparison.Ordinal) && !url.Any(char.IsControl);

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
