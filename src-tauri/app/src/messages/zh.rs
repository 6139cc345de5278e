//! 中文 texts of [`AppText`].

use super::AppText as T;

pub fn app(t: &T) -> String {
    let s = match t {
        T::RefreshFirst => "请先刷新列表。",
        T::NotOnDashboard => "列表中没有该实例，请刷新后重试。",
        T::NoCloudServer => "该实例没有云主机。",
        T::SettingsNotSaved => "设置无法保存。",
        T::DemoNoStart => "演示云无法启动，请重新启动 Flexus Desk。",
        T::NoSuchProfile => "没有该账户。",
        T::NoKeys => "该账户未保存密钥，请重新连接。",
        T::KeychainLocked => "系统钥匙串已锁定。请解锁（或回应其提示）后重试。",
        T::KeysTooLong => "密钥过长，系统钥匙串无法保存。",
        T::KeychainFailed => "系统钥匙串无法使用。",
        T::SaveCalendar => "保存续费日历",
        T::SaveInstances => "保存实例列表",
        T::SaveActivity => "保存操作记录",
        T::NothingToChange => "没有需要修改的内容。",
        T::NoSuchEntry => "没有该操作记录。",
        T::TypeNamesToConfirm => "请准确输入实例名称以确认；未发送任何请求。",
        T::FileNotWritten => "无法写入该文件，请选择其他文件夹。",
        T::OnlyDemoClock => "只能调整演示云的时间。",
        T::DemoDays => "天数：1 到 60",
        T::ExportKind => "导出：不是可导出的内容",
        T::ServerActionKind => "操作：启动、关机或重启",
        T::PeriodKind => "周期：月或年",
        T::ProxyUrl => "代理：代理地址应为 http://主机:端口（或 https://、socks5://）",
        T::ProxyUsername => "代理用户名：最多 128 个字符",
        T::ProxyPassword => "代理密码：填写密码时请同时填写用户名（最多 1024 个字符）",
        T::ProfileName => "名称：请使用 1–32 个字母、数字、空格或 _ - .（不能为 \"Demo\"）",
        T::SiteKind => "站点：请选择中国站或国际站",
        T::AccessKey => "AK：AK 只能包含字母和数字",
        T::SecretKey => "SK：SK 为空或包含空格",
        T::SecurityToken => "安全令牌：安全令牌包含空格或过长",
        T::ViewNotSaved => "窗口视图无法保存。",
        T::ProfileExists { name } => return format!("名称：已有名为“{name}”的账户"),
        T::Thresholds => "提醒天数：请填写 1 到 12 个 0 到 365 之间的整数",
        T::AutoStopPercent => "关机阈值：50 到 100",
        T::AutoStopNotConfirmed => "请先确认自动关机。",
        T::TrafficReminders => "流量提醒：最多 5 个 1 到 100 之间的百分比",
        T::AlertsChannel => "服务：企业微信、飞书、钉钉或通用",
        T::WebhookUrl => "Webhook 地址：请填写从聊天应用复制的 https:// 地址",
        T::NoWebhook => "尚未设置 Webhook。",
        T::WebhookFailed { why } => {
            return format!("Webhook 未接受消息：{why}");
        }
        T::AlertTestTitle => "Flexus Desk 测试消息",
        T::AlertTestText => "到期和流量提醒将发送到这里。",
        T::HealthHours => "时间范围：24 或 168 小时",
        T::OffsetMinutes => "时区偏移：-840 到 840 分钟",
        T::NoBrowser => "无法在此电脑上启动浏览器。",
        T::RefreshHours => "检查间隔：1 到 168 小时",
        T::AmountMissing => "订单缺少金额，无法在此支付。",
        T::AmountMissingNothingPaid => "订单缺少金额；未支付任何款项。",
        T::AutostartFailed => "无法更改开机启动设置。",
        T::TrayOpen => "打开控制台",
        T::TrayNothingSoon => "近期没有到期的实例",
        T::TrayRefresh => "立即刷新",
        T::TrayPause => "暂停提醒",
        T::TrayQuit => "退出 Flexus Desk",
        T::NotifyRenew => "续费…",
        T::NotifyOpen => "打开",
        T::TrayUnresolved { n } => return format!("⚠ {n} 个付费操作结果未知 — 打开核对"),
        T::TrayRemindersWaiting { n } => return format!("{n} 条提醒未能显示（无通知服务）"),
        T::TrayUnpaid { order, amount, by } => {
            return format!("待支付订单 {order}{amount} — 请在 {by} UTC 前支付")
        }
        T::TipUnresolved { n } => return format!("Flexus Desk — {n} 个付费操作结果未知"),
        T::TipWaiting { n } => return format!("Flexus Desk — {n} 条提醒待显示"),
        T::TipMore { n } => return format!("（另有 {n} 个）"),
        T::JournalDamaged { lines, backup } => {
            return format!("操作记录中有 {lines} 行已损坏，已跳过；原文件保留在 {backup}。")
        }
        T::RemindersDamaged { backup } => {
            return format!("提醒记录已损坏，已移至 {backup}，将重新开始记录。")
        }
        T::SettingsDamaged { backup } => {
            return format!("设置文件已损坏，已移至 {backup}，现使用默认设置。")
        }
        T::SettingsUnreadable { backup } => {
            return format!("部分设置无法读取，副本保留在 {backup}，现使用默认设置。")
        }
    };
    s.to_string()
}
