using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Grains.Members;

/// <summary>
/// The email index: one grain per normalized email, holding which member has it. Stored beside the members in the
/// replicated store, so every region can sign a member in. It never logs: its key is an email.
/// </summary>
[GrainType("member-email")]
public sealed class MemberEmailGrain(
    [PersistentState(StorageNames.MemberEmailState, StorageNames.ReplicatedStore)] IPersistentState<MemberEmailState> state) : Grain, IMemberEmailGrain
{
    /// <summary>How long a contested claim waits to ask the holder whether it still uses the email (see <see cref="StillHeldBy"/>).</summary>
    internal static readonly TimeSpan HolderCheckTimeout = TimeSpan.FromSeconds(2);

    private string Email => this.GetPrimaryKeyString();

    public Task<string?> Owner() => Task.FromResult(state.State.Owner);

    public async Task Claim(string memberId)
    {
        GrainKeys.Validate(memberId, "member");
        CheckKeyIsNormalized();
        if (state.State.Owner == memberId) return;
        if (state.State.Owner is { } holder && await StillHeldBy(holder)) throw new EmailTakenException();
        state.State.Owner = memberId;
        await state.WriteOrRollBackAsync();
    }

    public async Task Release(string memberId)
    {
        GrainKeys.Validate(memberId, "member");
        if (state.State.Owner != memberId) return;
        state.State.Owner = null;
        await state.WriteOrRollBackAsync();
    }

    /// <summary>
    /// Whether the member the index names still uses this email. A claim can outlive its member's use of it (a
    /// release that failed after the member's write, a silo lost between the claim and the write); such a stale
    /// claim must not lock the email forever, so a contested claim asks the holder. A holder that does not answer
    /// in <see cref="HolderCheckTimeout"/> (busy, or itself waiting on this grain) keeps the email: the claim is refused.
    /// </summary>
    private async Task<bool> StillHeldBy(string holder)
    {
        try
        {
            var signIn = await GrainFactory.GetGrain<IMemberGrain>(holder).SignIn().WaitAsync(HolderCheckTimeout);
            return signIn?.Email == Email;
        }
        catch (Exception)
        {
            return true;
        }
    }

    private void CheckKeyIsNormalized()
    {
        if (MemberEmails.Problem(Email, out var normalized) is { } problem) throw new ArgumentException($"invalid email: {problem}");
        if (normalized != Email) throw new ArgumentException("the email index is keyed by normalized emails (MemberEmails.Normalize)");
    }
}
