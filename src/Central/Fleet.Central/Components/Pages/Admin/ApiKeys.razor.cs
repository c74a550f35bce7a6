using Fleet.Central.Common;
using Fleet.Central.Tenancy;
using Microsoft.AspNetCore.Components;

namespace Fleet.Central.Components.Pages.Admin;

/// <summary>Administrators manage customers' API keys: per tenant, create a key with scopes (the key is shown
/// once, right after creation, and lives only in this circuit's memory until the next action), list keys with
/// prefix, scopes and last use, revoke. <see cref="ApiKeyService"/> and <see cref="TenantService"/> do the work.</summary>
public sealed partial class ApiKeys : ComponentBase
{
    private IReadOnlyList<TenantResponse>? _tenants;
    private IReadOnlyList<ApiKeyResponse>? _keys;
    private CreatedApiKeyResponse? _created;
    private readonly HashSet<string> _scopes = [ApiScopes.VehiclesRead, ApiScopes.PositionsRead];
    private string? _error;
    private bool _busy;

    [Inject] private TenantService Tenants { get; set; } = null!;
    [Inject] private ApiKeyService Keys { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The chosen customer, kept in the address so a reload (or a link) opens the same one.</summary>
    [SupplyParameterFromQuery(Name = "tenant")] private Guid? TenantId { get; set; }

    private TenantResponse? Tenant => _tenants?.FirstOrDefault(t => t.Id == TenantId);
    private string NewTenantName { get; set; } = "";
    private string KeyName { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        _tenants = await Tenants.ListAsync(CancellationToken.None);
        if (TenantId is null && _tenants.Count == 1)
            TenantId = _tenants[0].Id;
        await LoadKeysAsync();
    }

    private async Task LoadKeysAsync()
    {
        if (Tenant is not { } tenant)
        {
            _keys = null;
            return;
        }
        var outcome = await Keys.ListAsync(tenant.Id, CancellationToken.None);
        _keys = outcome.Succeeded ? outcome.Value : [];
        if (!outcome.Succeeded)
            _error = outcome.Failure.Message;
    }

    private void SelectTenant(string? value)
    {
        _created = null;
        _error = null;
        Navigation.NavigateTo(Guid.TryParse(value, out var id) ? $"admin/api-keys?tenant={id}" : "admin/api-keys", replace: true);
    }

    private void ToggleScope(string scope, bool on)
    {
        if (on)
            _scopes.Add(scope);
        else
            _scopes.Remove(scope);
    }

    private Task CreateTenantAsync() => RunAsync(async () =>
    {
        var outcome = await Tenants.CreateAsync(NewTenantName, CancellationToken.None);
        if (!outcome.Succeeded)
            return outcome.Failure;
        NewTenantName = "";
        Navigation.NavigateTo($"admin/api-keys?tenant={outcome.Value.Id}", replace: true);
        return null;
    });

    private Task CreateKeyAsync() => RunAsync(async () =>
    {
        if (Tenant is not { } tenant)
            return Failure.Invalid("Choose a customer first.");
        var scopes = ApiScopes.All.Where(_scopes.Contains).ToArray();
        var outcome = await Keys.CreateAsync(tenant.Id, KeyName, scopes, CancellationToken.None);
        if (!outcome.Succeeded)
            return outcome.Failure;
        _created = outcome.Value;
        KeyName = "";
        await LoadKeysAsync();
        return null;
    });

    private Task RevokeAsync(Guid keyId) => RunAsync(async () =>
    {
        var outcome = await Keys.RevokeAsync(keyId, CancellationToken.None);
        await LoadKeysAsync();
        return outcome.Succeeded ? null : outcome.Failure;
    });

    /// <summary>One action at a time; any action forgets a key shown earlier (it was shown once).</summary>
    private async Task RunAsync(Func<Task<Failure?>> action)
    {
        _busy = true;
        _error = null;
        _created = null;
        try
        {
            _error = (await action())?.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
