using Microsoft.Extensions.Options;

namespace Fleet.Central.Assignments;

/// <summary>Checks what data annotations cannot: each region box is named and not inside out.</summary>
internal sealed class AssignmentOptionsValidator : IValidateOptions<AssignmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AssignmentOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Regions.Count; i++)
        {
            var region = options.Regions[i];
            if (string.IsNullOrWhiteSpace(region.Name))
                errors.Add($"Assignments:Regions:{i}:Name is required");
            if (region.South > region.North || region.West > region.East)
                errors.Add($"Assignments:Regions:{i} ({region.Name}): South must be <= North and West <= East");
            if (Math.Abs(region.South) > 90 || Math.Abs(region.North) > 90 || Math.Abs(region.West) > 180 || Math.Abs(region.East) > 180)
                errors.Add($"Assignments:Regions:{i} ({region.Name}): latitudes must be within ±90 and longitudes within ±180");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
