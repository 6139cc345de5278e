//! Ids and region names taken from cloud replies or the webview, checked before
//! they go into a host name, a URL path or a request.

use super::*;

/// A Flexus L instance id as RMS and BSS use it (24 hex characters in the docs);
/// accepted loosely: 1–64 of letters, digits, `-` and `_`.
pub fn resource_id(id: &str) -> Result<(), Invalid> {
    if id.is_empty()
        || id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        let shown: String = id.chars().take(64).collect();
        return Err(bad(Field::ResourceId, Why::NotInstanceId { shown }));
    }
    Ok(())
}

/// A region id taken from a cloud reply, before it goes into a host name and a path
/// (`ecs.{region}.myhuaweicloud.com`): lowercase letters and digits in 2–5 groups
/// joined by single `-`, first a letter (`cn-north-4`, `ap-southeast-1`, `my-kualalumpur-1`).
pub fn region(r: &str) -> Result<(), Invalid> {
    let groups: Vec<&str> = r.split('-').collect();
    let ok = (2..=40).contains(&r.len())
        && (2..=5).contains(&groups.len())
        && r.starts_with(|c: char| c.is_ascii_lowercase())
        && groups.iter().all(|g| {
            !g.is_empty()
                && g.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        let shown: String = r.chars().take(40).collect();
        Err(bad(Field::Region, Why::NotRegion { shown }))
    }
}

/// An id taken from a cloud reply (project, domain, server, resource id), before it
/// goes into a URL path: 1–64 ASCII letters, digits, `-` and `_`. Nothing that could
/// add a segment (`/`), climb (`..`), escape (`%`) or start a query (`?`, `#`).
pub fn url_id(field: Field, id: &str) -> Result<(), Invalid> {
    resource_id(id).map_err(|_| {
        let shown: String = id.chars().take(64).collect();
        bad(field, Why::UnsafeId { shown })
    })
}

/// A request path built from fixed parts and checked ids: `/`-separated segments of
/// letters, digits, `-`, `_` and `.`, none of them `.` or `..`.
pub fn url_path(path: &str) -> Result<(), Invalid> {
    let ok = path.starts_with('/')
        && path[1..].split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
    if ok {
        Ok(())
    } else {
        Err(bad(Field::Path, Why::UnsafePath))
    }
}

pub fn resource_ids(ids: &[String], max: usize) -> Result<(), Invalid> {
    if ids.is_empty() || ids.len() > max {
        return Err(bad(Field::ResourceIds, Why::InstanceCount { max }));
    }
    ids.iter().try_for_each(|i| resource_id(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_regions_from_replies_are_checked_before_urls() {
        for r in [
            "cn-north-4",
            "ap-southeast-1",
            "la-north-2",
            "my-kualalumpur-1",
            "cn-southwest-2",
        ] {
            assert!(region(r).is_ok(), "{r}");
        }
        for r in [
            "",
            "cn",
            "../x",
            "a/b",
            "%2e",
            "cn-north-4.evil.com",
            "cn-north-4#",
            "CN-NORTH-4",
            "cn--north",
            "-cn-north",
            "cn-north-4/",
            "cn-north-4 ",
        ] {
            assert!(region(r).is_err(), "{r:?}");
        }
        for id in [
            "0123456789abcdef01234567",
            "2a3b-4c5d_e",
            "d1f8a2b0-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        ] {
            assert!(url_id(Field::ServerId, id).is_ok(), "{id}");
        }
        for id in [
            "",
            "../x",
            "a/b",
            "%2e",
            "%2e%2e",
            "..",
            "x?y",
            "x#y",
            "a b",
            "a\\b",
            &"a".repeat(65),
        ] {
            assert!(url_id(Field::ServerId, id).is_err(), "{id:?}");
        }
        assert!(url_path("/v1/0123/cloudservers/detail").is_ok());
        assert!(url_path("/v3/auth/domains").is_ok());
        for p in [
            "/v1/../x",
            "/v1/a//b",
            "/v1/%2e%2e/x",
            "v1/x",
            "/v1/x?y=1",
            "/v1/./x",
            "/v1/x/",
        ] {
            assert!(url_path(p).is_err(), "{p}");
        }
    }
}
