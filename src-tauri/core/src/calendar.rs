//! Calendar arithmetic for subscription periods. BSS renews from the current expiry
//! by whole calendar months or years, so a quoted or simulated new expiry must not
//! be "30 days per month": 2027-03-23 + 1 year is 2028-03-23, and a month after
//! 31 January is the last day of February (end-of-month clamping).

use time::{Date, Month, OffsetDateTime};

/// Days in `month` of `year` (leap years included).
pub fn days_in_month(year: i32, month: Month) -> u8 {
    month.length(year)
}

/// `t` moved by `months` calendar months (negative goes back), keeping the time of
/// day; a day that does not exist in the target month becomes its last day.
pub fn add_months(t: OffsetDateTime, months: i64) -> OffsetDateTime {
    let index = t.year() as i64 * 12 + (t.month() as i64 - 1) + months;
    let year = index.div_euclid(12) as i32;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    let day = t.day().min(days_in_month(year, month));
    match Date::from_calendar_date(year, month, day) {
        Ok(d) => t.replace_date(d),
        // Only beyond the supported year range (±9999); keep the input rather than panic.
        Err(_) => t,
    }
}

pub fn add_years(t: OffsetDateTime, years: i64) -> OffsetDateTime {
    add_months(t, years.saturating_mul(12))
}

/// A BSS period: `month` or `year` times `num`.
pub fn add_period(t: OffsetDateTime, year: bool, num: i64) -> OffsetDateTime {
    if year {
        add_years(t, num)
    } else {
        add_months(t, num)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn months_keep_the_day_and_time() {
        assert_eq!(
            add_months(datetime!(2027-03-23 08:09:10 UTC), 1),
            datetime!(2027-04-23 08:09:10 UTC)
        );
        assert_eq!(
            add_months(datetime!(2027-11-15 00:00 UTC), 3),
            datetime!(2028-02-15 00:00 UTC)
        );
    }

    #[test]
    fn end_of_month_is_clamped() {
        assert_eq!(
            add_months(datetime!(2027-01-31 12:00 UTC), 1),
            datetime!(2027-02-28 12:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2028-01-31 12:00 UTC), 1),
            datetime!(2028-02-29 12:00 UTC),
            "leap year"
        );
        assert_eq!(
            add_months(datetime!(2027-05-31 00:00 UTC), 1),
            datetime!(2027-06-30 00:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2027-08-31 00:00 UTC), -6),
            datetime!(2027-02-28 00:00 UTC)
        );
    }

    #[test]
    fn years_are_calendar_years_not_360_days() {
        assert_eq!(
            add_years(datetime!(2027-03-23 00:00 UTC), 1),
            datetime!(2028-03-23 00:00 UTC)
        );
        assert_eq!(
            add_years(datetime!(2028-02-29 00:00 UTC), 1),
            datetime!(2029-02-28 00:00 UTC)
        );
        assert_eq!(
            add_period(datetime!(2027-03-23 00:00 UTC), false, 12),
            add_period(datetime!(2027-03-23 00:00 UTC), true, 1)
        );
        // The old arithmetic (12 × 30 days) would land five days early.
        assert_ne!(
            add_years(datetime!(2027-03-23 00:00 UTC), 1),
            datetime!(2027-03-23 00:00 UTC) + time::Duration::days(360)
        );
    }

    #[test]
    fn year_boundaries_and_negative_steps() {
        assert_eq!(
            add_months(datetime!(2027-12-10 00:00 UTC), 1),
            datetime!(2028-01-10 00:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2027-01-10 00:00 UTC), -1),
            datetime!(2026-12-10 00:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2027-01-10 00:00 UTC), 0),
            datetime!(2027-01-10 00:00 UTC)
        );
    }
}
