using Fleet.Contracts.Agents;

namespace Fleet.Agent.Sync;

/// <summary>The vehicle's current aggregation server assignment, as central last said.</summary>
public interface IAssignmentProvider
{
    /// <summary>Null until central has sent the first assignment.</summary>
    Assignment? Current { get; }

    event EventHandler<Assignment>? Changed;
}
