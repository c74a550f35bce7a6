using Fleet.Central.Finance;

namespace Fleet.Central.ApiV1;

public sealed record SimList(IReadOnlyList<SimView> Items);

public sealed record TopUpList(Guid SimId, IReadOnlyList<TopUpView> Items);

/// <summary>POST /api/v1/sims/{id}/top-ups. Prepaid SIMs take Amount (money); allowance SIMs take DataBytes
/// (the add-on's data; Amount = what it cost, optional). Who recorded it is the API key.</summary>
public sealed record TopUpBody(decimal? Amount, long? DataBytes, string? Note);
