namespace Fleet.Central.Tenancy;

/// <summary>A customer organisation. Its vehicles carry its id in vehicles.tenant_id; vehicles without one
/// are the operator's own fleet and invisible to every tenant.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
