//! The Chinese catalog. Same functions, same keys as `en.rs`.

use super::{year_month, ActionText, CoverageText, Field, IcsText, Why};
use crate::catalog::CatalogError;
use crate::confirm::ConfirmError;
use crate::error::ApiError;
use crate::expiry::{Due, Lifecycle, Stage};
use crate::paths::NewerFormat;
use crate::timefmt::ymd;

pub fn field(f: Field) -> &'static str {
    match f {
        Field::InstanceName => "实例名称",
        Field::PlanSpec => "规格",
        Field::Description => "描述",
        Field::PeriodNum => "时长",
        Field::PeriodType => "时长单位",
        Field::PurchaseQuantity => "数量",
        Field::ExtraResources => "附加资源",
        Field::Tags => "标签",
        Field::ClientRequestId => "请求 ID",
        Field::ChargingMode => "计费模式",
        Field::ImageRef => "镜像",
        Field::Password => "密码",
        Field::ServerName => "云主机名称",
        Field::Hostname => "主机名",
        Field::ResourceId | Field::ResourceIds => "实例",
        Field::UnsubscribeType => "退订类型",
        Field::Reason | Field::ReasonType => "原因",
        Field::Servers => "云主机",
        Field::Region => "区域",
        Field::Path => "请求路径",
        Field::OrderId => "订单",
        Field::DomainId => "账号 ID",
        Field::ProjectId => "项目 ID",
        Field::ServerId => "云主机 ID",
    }
}

pub fn why(w: &Why) -> String {
    match w {
        Why::Length { min, max } => format!("须为 {min} 到 {max} 个字符"),
        Why::AtMostChars { max } => format!("最多 {max} 个字符"),
        Why::StartLetter => "须以字母开头".into(),
        Why::StartLetterOrChinese => "须以字母或中文开头".into(),
        Why::NameChar { c } => format!("不能使用“{c}”：请使用字母、数字、_ 和 -"),
        Why::MonthlyPurchase => "按月购买为 1 到 9 个月".into(),
        Why::YearlyPurchase => "按年购买为 1 到 3 年".into(),
        Why::MonthOrYear => "须为月或年".into(),
        Why::MonthlyRenewal => "按月续费为 1 到 11 个月".into(),
        Why::YearlyRenewal => "按年续费为 1 到 3 年".into(),
        Why::Range { min, max } => format!("须为 {min} 到 {max}"),
        Why::ExtraSize { kind } => format!("{kind} 容量须为 10 到 2048 GiB"),
        Why::HssNoSize => "主机安全（hss）不需要容量".into(),
        Why::UnknownExtra { kind } => format!("未知的附加资源“{kind}”：请使用 evs、cbr 或 hss"),
        Why::TagKey => "标签键为 1 到 32 个字符，且以字母开头".into(),
        Why::TagKeyChars => "标签键只能包含字母、数字、_ 和 -".into(),
        Why::TagValue => "标签值最多 2048 个字符".into(),
        Why::RequestId => "须为 36 到 128 个字母、数字或 -".into(),
        Why::PrePaidOnly => "只提供包年/包月（prePaid）".into(),
        Why::ListedTwice { what } => format!("{what} 重复出现"),
        Why::AtMostTags { max } => format!("最多 {max} 个标签"),
        Why::ImageEither => "请提供私有镜像 ID，或镜像名称和版本".into(),
        Why::ImageBoth => "镜像名称和版本都需要提供".into(),
        Why::ChooseImage => "请选择镜像".into(),
        Why::ChooseSpec => "请选择规格，或最少的 vCPU 和内存".into(),
        Why::PasswordChar { c, specials } => {
            format!("不能使用“{c}”；允许的特殊字符：{specials}")
        }
        Why::PasswordClasses => "须包含大写字母、小写字母、数字、特殊字符中的至少 3 种".into(),
        Why::PasswordRoot => "不能包含 root 或 Administrator 及其倒序".into(),
        Why::PasswordAdminRun => "不能包含 Administrator 中连续的 3 个字符".into(),
        Why::ServerNameChar { c } => format!("不能使用“{c}”：请使用字母、数字、中文、_ - ."),
        Why::NoAngleBrackets => "不能包含 < 或 >".into(),
        Why::HostnameChars => "请使用字母、数字、. 和 -".into(),
        Why::HostnameEnds => "不能以 . 或 - 开头或结尾".into(),
        Why::HostnameSequence { seq } => format!("不能包含“{seq}”"),
        Why::NotInstanceId { shown } => format!("“{shown}”不是有效的实例 ID"),
        Why::NotRegion { shown } => format!("“{shown}”不是区域 ID"),
        Why::UnsafeId { shown } => format!("云端返回的 ID 不能安全地用于网址：“{shown}”"),
        Why::UnsafePath => "请求路径包含不安全的字符".into(),
        Why::InstanceCount { max } => format!("请指定 1 到 {max} 个实例"),
        Why::ServerCount { max } => format!("请指定 1 到 {max} 台云主机"),
        Why::UnsubscribeType => "须为 1（实例及续费）或 2（仅续费）".into(),
        Why::ChooseReason => "请从列出的原因中选择".into(),
    }
}

pub fn catalog(e: &CatalogError) -> String {
    match e {
        CatalogError::UnknownRegion(r) => format!("区域 {r} 在此站点不提供 Flexus L"),
        CatalogError::UnknownImage(i, r) => format!("区域 {r} 不提供镜像 {i}"),
        CatalogError::UnknownVersion {
            image,
            version,
            region,
            allowed,
        } => format!("区域 {region} 不提供 {image} 的 {version} 版本；可选：{allowed}"),
        CatalogError::SpecNotAllowed {
            spec,
            region,
            allowed,
        } => format!("在区域 {region}，规格 {spec} 不能用于此镜像；可选：{allowed}"),
        CatalogError::NoMatch {
            cpu,
            memory,
            region,
        } => format!("区域 {region} 没有至少 {cpu} vCPU、{memory} GiB 内存且适用于此镜像的规格"),
    }
}

pub fn api(e: &ApiError) -> &'static str {
    match e {
        ApiError::Network { .. } => "无法连接华为云。请检查网络后重试。",
        ApiError::Timeout { .. } => "华为云响应超时，请稍后重试。",
        ApiError::Signature { .. } => "华为云拒绝了访问密钥。请检查该账户的 AK/SK（及安全令牌）。",
        ApiError::ClockSkew { .. } => "本机时间不正确。请校准系统时间后重试。",
        ApiError::Throttled { .. } => "请求过于频繁，请稍等几秒后重试。",
        ApiError::WrongSite { .. } => {
            "该账号属于另一个华为云站点。请在账户设置中切换中国站/国际站。"
        }
        ApiError::InsufficientBalance { .. } => "账户余额不足。请在华为云控制台充值后重试。",
        ApiError::InvalidParameter { .. } => "华为云未接受该请求。请检查填写的内容后重试。",
        ApiError::Forbidden { .. } => "该密钥没有执行此操作的权限，请联系账号管理员授权。",
        ApiError::NotFound { .. } => "目标已不存在，请刷新列表。",
        ApiError::PartialFailure { .. } => "华为云未接受全部实例；详情列出了每个实例及原因。",
        ApiError::Http { .. } | ApiError::Decode { .. } => "华为云返回错误，请稍后重试。",
        ApiError::Config(_) => "连接设置无效。",
    }
}

pub fn confirm(e: &ConfirmError) -> &'static str {
    match e {
        ConfirmError::Unknown => "该确认已使用或已过期。未发送任何请求；请重新确认。",
        ConfirmError::Expired => "该确认已过期。未发送任何请求；请重新确认。",
        ConfirmError::OtherProfile { .. } => {
            "确认后账户已切换。未发送任何请求；请在要付款的账户上重新确认。"
        }
        ConfirmError::PriceChanged { .. } => "价格已变化。未发送任何请求；请查看新价格。",
    }
}

pub fn action(a: ActionText) -> &'static str {
    match a {
        ActionText::OutcomeUnknown => {
            "未收到应答，无法确定操作是否成功。未重复发送；正在核对订单。"
        }
        ActionText::Pending => {
            "未发送任何请求：此前对其的付费操作结果尚未确认。请先点击“立即核对”。"
        }
        ActionText::NoEvidence => {
            "未发送任何请求：无法读取云端时间或当前到期时间，若应答丢失将无法核对。请重试。"
        }
        ActionText::JournalWrite => "无法写入操作日志，因此未发送任何请求。请检查磁盘空间。",
        ActionText::JournalRead => "无法读取操作记录。请检查磁盘后重试。",
        ActionText::Keychain => "无法使用系统钥匙串。请解锁（或重新登录）后重试。",
    }
}

pub fn notice_title(name: &str, d: &Due) -> String {
    match d {
        Due::Expiry {
            days_left: 0,
            auto_renew: false,
            ..
        } => format!("{name} 今天到期"),
        Due::Expiry {
            days_left,
            auto_renew: false,
            ..
        } => format!("{name} 将在 {days_left} 天后到期"),
        Due::Expiry { days_left, .. } => format!("{name} 将在 {days_left} 天后自动续费"),
        Due::Grace { .. } => format!("{name} 已过期，处于宽限期"),
        Due::Retention { .. } => format!("{name} 已冻结（保留期）"),
        Due::Deleted => format!("{name} 已被删除"),
        Due::Traffic { percent, .. } => format!("{name} 本月流量已用 {percent}%"),
        Due::AutoStopped { percent } => format!("{name} 流量已用 {percent}%，已自动关机"),
        Due::AutoRenewAtRisk { .. } => format!("{name} 自动续费可能失败"),
    }
}

pub fn notice_body(d: &Due) -> String {
    match d {
        Due::Expiry {
            days_left: 0,
            auto_renew: false,
            expire,
            ..
        } => format!("请立即续费以免停用。到期时间 {} (UTC)。", ymd(*expire)),
        Due::Expiry {
            auto_renew: false,
            expire,
            ..
        } => format!("请在 {} (UTC) 前续费以保持运行。", ymd(*expire)),
        Due::Expiry { expire, .. } => {
            format!("已开启自动续费，将在 {} 前从余额扣款。", ymd(*expire))
        }
        Due::Grace { freeze_at, .. } => format!("将于 {} 冻结。请尽快续费。", ymd(*freeze_at)),
        Due::Retention { delete_at, .. } => {
            format!("将于 {} 删除，数据无法恢复。请立即续费。", ymd(*delete_at))
        }
        Due::Deleted => "保留期已结束，实例及数据已释放。".into(),
        Due::Traffic {
            used_gb, total_gb, ..
        } => format!("已用 {used_gb:.0} / {total_gb:.0} GB；超出部分按流量计费，不会限速。"),
        Due::AutoStopped { .. } => {
            "流量保护按您的设置在本周期内关机一次。再次开机即可继续运行，本周期内不会再次自动关机。"
                .into()
        }
        Due::AutoRenewAtRisk { balance, price, .. } => {
            format!("余额 {balance:.2} 低于续费价格 {price:.2}。请充值。")
        }
    }
}

pub fn stage_label(name: &str, lc: &Lifecycle) -> String {
    match lc.stage {
        Stage::Active => format!("{name}：{} 天后到期", lc.days_left),
        Stage::Grace => format!("{name}：已过期（宽限期）"),
        Stage::Retention => format!("{name}：已冻结"),
        Stage::Deleted => name.to_string(),
    }
}

fn month(key: &str) -> String {
    let (y, m) = year_month(key);
    format!("{y}年{m}月")
}

pub fn coverage(c: &CoverageText) -> String {
    match c {
        CoverageText::BalanceUnknown => "无法读取余额".into(),
        CoverageText::CoversYear => "余额足以支付未来 12 个月的全部续费".into(),
        CoverageText::ShortNow { month: m } => format!("余额不足以支付本月（{}）的续费", month(m)),
        CoverageText::CoversUntil { month: m } => {
            format!("余额可支付续费至 {}（该月不足）", month(m))
        }
    }
}

pub fn ics(k: IcsText) -> &'static str {
    match k {
        IcsText::Renew => "续费",
        IcsText::Expires => "到期",
        IcsText::Alarm => "提醒：Flexus L 实例即将到期",
        IcsText::PriceUnknown => "价格未知",
        IcsText::AutoRenewOn => "已开启自动续费：将从余额扣款。",
        IcsText::AutoRenewOff => "未开启自动续费：请手动续费，否则将停止服务。",
    }
}

pub fn newer_format(e: &NewerFormat) -> String {
    format!(
        "{} 由更新版本的 Flexus Desk 保存。该文件保持不变，本次使用默认设置，更改不会保存。请更新 Flexus Desk 后使用。",
        e.file
    )
}
