using Fleet.Central.Finance.Data;

namespace Fleet.Central.Finance;

/// <summary>Checks a SIM registration and says what is wrong in terms of the request's fields.</summary>
internal static class SimRequestValidator
{
    public static SimBilling? ParseBilling(string? billing) => billing?.Trim().ToLowerInvariant() switch
    {
        "allowance" => SimBilling.Allowance,
        "prepaid" => SimBilling.Prepaid,
        _ => null,
    };

    public static string? Validate(CreateSimRequest request)
    {
        if (Iccid.Validate(request.Iccid) is { } iccid)
            return iccid;
        if (string.IsNullOrWhiteSpace(request.Carrier) || request.Carrier.Length > 100)
            return "carrier is required (at most 100 characters).";
        if (string.IsNullOrWhiteSpace(request.PlanName) || request.PlanName.Length > 100)
            return "planName is required (at most 100 characters).";
        if (request.TopUpLeadTimeDays is < 0 or > 90)
            return "topUpLeadTimeDays must be between 0 and 90.";
        if (request.Currency is { } currency && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            return "currency must be an ISO 4217 code such as EUR.";
        if (request.PlanPrice is < 0 || request.PricePerGb is < 0)
            return "prices must not be negative.";
        switch (ParseBilling(request.Billing))
        {
            case SimBilling.Allowance:
                if (request.AllowanceBytes is not > 0)
                    return "An allowance SIM needs allowanceBytes > 0.";
                if (request.PeriodStartDay is { } day && day is < 1 or > 28)
                    return "periodStartDay must be between 1 and 28.";
                return null;
            case SimBilling.Prepaid:
                if (request.PrepaidBalance is not >= 0)
                    return "A prepaid SIM needs prepaidBalance >= 0.";
                if (request.PricePerGb is not > 0)
                    return "A prepaid SIM needs pricePerGb > 0.";
                return null;
            default:
                return "billing must be \"allowance\" or \"prepaid\".";
        }
    }
}
