"""Operations (issue 16): a coalition's sting nights, from standby to an anonymous after-action report.

- `models`: Operation (status derived from its window and a manual close), Hold (standby places for a window),
  JuvenileStep (the coalition's configured protocol steps) and JuvenileCheck (who ticked a step, when),
  OperationAlert (content-free alerts for the coordinator's board). A placement is a `referrals.Referral` with
  `operation` set and `mode` = "first_accept".
- `actions`: the application layer for operations, in the style of referrals.actions (Caller, ReferralError,
  audited once).
"""
