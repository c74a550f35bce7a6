using Fleet.Central.Enrollment;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Components.Pages.Admin;

/// <summary>Administrators issue one-time enrollment tokens for vehicles (the token is shown once), see which
/// are open, used or expired, and revoke open ones. <see cref="EnrollmentTokenService"/> does the work.</summary>
public sealed partial class EnrollmentTokens : ComponentBase
{
    private const int Limit = 200;

    private IReadOnlyList<EnrollmentTokenView>? _tokens;
    private IssuedEnrollmentToken? _issued;
    private string? _error;
    private bool _busy;

    [Inject] private EnrollmentTokenService Tokens { get; set; } = null!;
    [Inject] private IOptions<EnrollmentOptions> Options { get; set; } = null!;

    private string VehicleName { get; set; } = "";
    private int TtlMinutes { get; set; }

    /// <summary>The lifetimes offered, the configured default among them, none beyond the configured maximum.</summary>
    private IReadOnlyList<(int Minutes, string Label)> Lifetimes { get; set; } = [];

    protected override Task OnInitializedAsync()
    {
        var options = Options.Value;
        TtlMinutes = options.DefaultTokenTtlMinutes;
        Lifetimes = new[] { 60, 8 * 60, 24 * 60, 7 * 24 * 60, 30 * 24 * 60, options.DefaultTokenTtlMinutes }
            .Where(m => m <= options.MaxTokenTtlMinutes)
            .Distinct()
            .Order()
            .Select(m => (m, Duration(m)))
            .ToList();
        return LoadAsync();
    }

    private async Task LoadAsync() => _tokens = await Tokens.ListAsync(Limit, CancellationToken.None);

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            _issued = null;
            var outcome = await Tokens.IssueAsync(VehicleName, TtlMinutes, CancellationToken.None);
            _error = outcome.Succeeded ? null : outcome.Failure.Message;
            if (outcome.Succeeded)
            {
                _issued = outcome.Value;
                VehicleName = "";
            }
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(Guid tokenId)
    {
        var outcome = await Tokens.RevokeAsync(tokenId, CancellationToken.None);
        _error = outcome.Succeeded ? null : outcome.Failure.Message;
        await LoadAsync();
    }

    private static string Status(EnrollmentTokenStatus status) => status.ToString().ToLowerInvariant();

    private static string StatusBadge(EnrollmentTokenStatus status) => status switch
    {
        EnrollmentTokenStatus.Open => "text-bg-primary",
        EnrollmentTokenStatus.Used => "text-bg-success",
        EnrollmentTokenStatus.Revoked => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    private static string Duration(int minutes) => minutes switch
    {
        < 60 => $"{minutes} minutes",
        _ when minutes % (24 * 60) == 0 => minutes == 24 * 60 ? "1 day" : $"{minutes / (24 * 60)} days",
        _ when minutes % 60 == 0 => minutes == 60 ? "1 hour" : $"{minutes / 60} hours",
        _ => $"{minutes} minutes",
    };
}
