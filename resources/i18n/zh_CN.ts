<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../app/views/accounts_page.py" line="37"/>
        <location filename="../../app/views/accounts_page.py" line="72"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="38"/>
        <location filename="../../app/views/accounts_page.py" line="73"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="39"/>
        <location filename="../../app/views/accounts_page.py" line="74"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="40"/>
        <location filename="../../app/views/accounts_page.py" line="79"/>
        <location filename="../../app/views/accounts_page.py" line="88"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="41"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="41"/>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="41"/>
        <source>disabled</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="43"/>
        <source>Staff accounts</source>
        <translation>工作人员账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="44"/>
        <location filename="../../app/views/accounts_page.py" line="119"/>
        <source>Disable account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="45"/>
        <source>Disable or enable the chosen account</source>
        <translation>停用或启用所选账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="47"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="49"/>
        <source>new password for the chosen account</source>
        <translation>所选账号的新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="50"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="51"/>
        <source>Reset the chosen account&apos;s password</source>
        <translation>重置所选账号的密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="52"/>
        <source>What the task key is for</source>
        <translation>任务密钥的用途</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="53"/>
        <source>task, e.g. nightly export</source>
        <translation>用途，例如：夜间导出</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="54"/>
        <source>Make task key</source>
        <translation>生成任务密钥</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="55"/>
        <source>Make a key for the chosen account, for a scheduled task</source>
        <translation>为所选账号生成计划任务使用的密钥</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="56"/>
        <source>The new task key</source>
        <translation>新的任务密钥</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="77"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="80"/>
        <source>Create account</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="81"/>
        <source>Create the account</source>
        <translation>创建该账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="82"/>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="84"/>
        <source>User name *</source>
        <translation>用户名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="85"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="86"/>
        <source>Role *</source>
        <translation>角色 *</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="87"/>
        <source>Password *</source>
        <translation>密码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="120"/>
        <source>Enable account</source>
        <translation>启用账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="125"/>
        <source>Choose an account in the list first.</source>
        <translation>请先在列表中选择一个账号。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="133"/>
        <source>Disable {name}?</source>
        <translation>停用 {name} 的账号？</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="134"/>
        <source>{name} will not be able to log in, and anything still open in their name stops working at once. You can enable the account again later.</source>
        <translation>{name} 将无法登录，已打开的窗口也会立即失效。以后可以重新启用该账号。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="142"/>
        <source>{name} can log in again.</source>
        <translation>{name}已启用，可以重新登录。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="143"/>
        <source>{name} is disabled and can do nothing until enabled.</source>
        <translation>{name}已停用，重新启用前无法进行任何操作。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="156"/>
        <source>The password of {name} was reset.</source>
        <translation>{name}的密码已重置。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="164"/>
        <source>Not created: please correct the fields marked in red.</source>
        <translation>未创建：请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="169"/>
        <source>Account {username} created.</source>
        <translation>已创建账号 {username}。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="186"/>
        <source>Task key for {username} ({label}) made. Copy it now into a file only the scheduled task can read: it is shown only this once. Revoke it with main.py task-key revoke.</source>
        <translation>已为 {username} 生成任务密钥（{label}）。请现在把它复制到只有该计划任务能读的文件中：密钥只显示这一次。吊销请用 main.py task-key revoke。</translation>
    </message>
</context>
<context>
    <name>AttendeesEditor</name>
    <message>
        <location filename="../../app/views/council_page.py" line="84"/>
        <source>Who attends</source>
        <translation>参会人员</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="89"/>
        <source>Staff member or department</source>
        <translation>工作人员或部门</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="90"/>
        <location filename="../../app/views/council_page.py" line="91"/>
        <source>Representative&apos;s name</source>
        <translation>代表姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="92"/>
        <source>Residents&apos; representative</source>
        <translation>居民代表</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="93"/>
        <source>Attends as a residents&apos; representative</source>
        <translation>以居民代表身份参会</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="94"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="95"/>
        <source>Add the attendee</source>
        <translation>添加这位参会人员</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="96"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="97"/>
        <source>Remove the chosen attendee</source>
        <translation>移除所选参会人员</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="98"/>
        <source>Attendees</source>
        <translation>参会人员</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="149"/>
        <source> (representative)</source>
        <translation>（居民代表）</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../app/views/audit_page.py" line="45"/>
        <location filename="../../app/views/audit_page.py" line="77"/>
        <location filename="../../app/views/audit_page.py" line="94"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="46"/>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="47"/>
        <location filename="../../app/views/audit_page.py" line="79"/>
        <location filename="../../app/views/audit_page.py" line="94"/>
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="50"/>
        <location filename="../../app/views/audit_page.py" line="95"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="51"/>
        <location filename="../../app/views/audit_page.py" line="95"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="57"/>
        <source>Contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="58"/>
        <source>a name, a number, a case number…</source>
        <translation>姓名、号码、受理编号……</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="59"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="60"/>
        <source>Search the audit trail</source>
        <translation>查询操作记录</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="61"/>
        <source>Anchor sheet…</source>
        <translation>审计校验单…</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="62"/>
        <source>Print the audit trail&apos;s fingerprint to keep away from this PC</source>
        <translation>打印审计记录的校验码，保存在本电脑以外</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="63"/>
        <source>Saves the audit trail&apos;s current fingerprint and the ones printed before (PDF and JSON). Keep it away from this PC: it proves later that nobody rewrote the records.</source>
        <translation>保存审计记录当前的校验码和以前打印过的校验码（PDF 和 JSON）。请保存在本电脑以外：日后可据此证明记录没有被人改写。</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="66"/>
        <source>Check the data</source>
        <translation>检查数据</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="67"/>
        <source>Check the database and the audit trail</source>
        <translation>检查数据库和操作记录</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="68"/>
        <source>Checks that nothing was changed outside this program and that the records agree with each other. Takes a moment.</source>
        <translation>检查数据有没有在本程序之外被改动、各项记录是否前后一致。需要一点时间。</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="75"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="76"/>
        <source>Desk</source>
        <translation>服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="78"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="80"/>
        <source>What happened</source>
        <translation>操作内容</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="179"/>
        <source>Entry {seq}: {sentence}</source>
        <translation>第 {seq} 条：{sentence}</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="82"/>
        <source>Audit trail</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="83"/>
        <location filename="../../app/views/audit_page.py" line="133"/>
        <source>Select an entry to see what it changed.</source>
        <translation>选中一条记录，下面列出它改动了什么。</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="87"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="88"/>
        <source>Before</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="89"/>
        <source>After</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="91"/>
        <source>What the entry changed</source>
        <translation>这条记录改动的内容</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="115"/>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="136"/>
        <source>{n} entries (newest first, at most 500)</source>
        <translation>共 {n} 条（最新的在前，最多500条）</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="141"/>
        <source>Checking the data…</source>
        <translation>正在检查数据……</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="153"/>
        <source>The data checks out: nothing was changed outside this program.</source>
        <translation>数据检查无误：没有在本程序之外被改动。</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="155"/>
        <source>{n} problem(s) found: the data was changed outside this program or does not agree with itself. Keep this PC as it is and call IT staff.</source>
        <translation>发现 {n} 处问题：数据在本程序之外被改动过，或前后不一致。请保持这台电脑现状，联系技术人员。</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="163"/>
        <source>Save the anchor sheet</source>
        <translation>保存审计校验单</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="164"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="171"/>
        <source>Anchor sheet saved: {pdf} (to print) and {json} (for the check). Keep them away from this PC.</source>
        <translation>审计校验单已保存：{pdf}（打印用）和 {json}（核对用）。请保存在本电脑以外。</translation>
    </message>
</context>
<context>
    <name>AwardTab</name>
    <message>
        <location filename="../../app/views/points/award.py" line="46"/>
        <location filename="../../app/views/points/award.py" line="47"/>
        <location filename="../../app/views/points/award.py" line="78"/>
        <source>Rule</source>
        <translation>积分规则</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="49"/>
        <location filename="../../app/views/points/award.py" line="59"/>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="51"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="52"/>
        <source>Remove the selected resident</source>
        <translation>移除所选居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="60"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="61"/>
        <source>Quantity (hours, times)</source>
        <translation>数量（小时或次数）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="62"/>
        <location filename="../../app/views/points/award.py" line="63"/>
        <location filename="../../app/views/points/award.py" line="76"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="64"/>
        <location filename="../../app/views/points/award.py" line="66"/>
        <location filename="../../app/views/points/award.py" line="83"/>
        <source>Event</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="65"/>
        <source>e.g. the council meeting of March</source>
        <translation>例如：3月议事会</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="67"/>
        <location filename="../../app/views/points/award.py" line="68"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="69"/>
        <source>Award</source>
        <translation>发放</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="70"/>
        <source>Award the points</source>
        <translation>发放积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="71"/>
        <source>Award points to one resident or everyone at an event</source>
        <translation>向一位居民或活动全体参加者发放积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="77"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="79"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="80"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="81"/>
        <source>Awarded by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="82"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="82"/>
        <source>revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="85"/>
        <location filename="../../app/views/points/award.py" line="93"/>
        <source>Awards</source>
        <translation>积分发放记录</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="88"/>
        <source>Everyone</source>
        <translation>全部居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="89"/>
        <source>Show the latest awards of everyone</source>
        <translation>显示全部居民最近的积分发放记录</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="90"/>
        <source>Revoke award…</source>
        <translation>撤销发放…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="91"/>
        <source>Revoke the selected award</source>
        <translation>撤销所选的积分发放</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="95"/>
        <source>Awards of</source>
        <translation>按居民查看</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="124"/>
        <source>— choose a rule —</source>
        <translation>— 请选择积分规则 —</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="126"/>
        <source>{name} ({n} points)</source>
        <translation>{name}（{n} 积分）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="172"/>
        <source>{points} points awarded to {n} resident(s).</source>
        <translation>已向 {n} 位居民发放共 {points} 积分。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="181"/>
        <source>Select the award to revoke first.</source>
        <translation>请先选择要撤销的积分发放记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="184"/>
        <source>This award is already revoked.</source>
        <translation>该积分发放记录已撤销。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/award.py" line="188"/>
        <source>The award of {points} points to {name} is revoked.</source>
        <translation>已撤销向 {name} 发放的 {points} 积分。</translation>
    </message>
</context>
<context>
    <name>BackupStatus</name>
    <message>
        <location filename="../../app/views/background_backup.py" line="48"/>
        <source>Automatic backup</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <location filename="../../app/views/background_backup.py" line="60"/>
        <source>Backing up… {percent}%</source>
        <translation>正在备份… {percent}%</translation>
    </message>
    <message>
        <location filename="../../app/views/background_backup.py" line="61"/>
        <source>The automatic backup runs in the background; keep working as usual.</source>
        <translation>自动备份在后台进行，您可以照常工作。</translation>
    </message>
    <message>
        <location filename="../../app/views/background_backup.py" line="68"/>
        <source>Backed up at {time}</source>
        <translation>已备份 {time}</translation>
    </message>
    <message>
        <location filename="../../app/views/background_backup.py" line="69"/>
        <source>The newest backup is {name}.</source>
        <translation>最新的备份是 {name}。</translation>
    </message>
    <message>
        <location filename="../../app/views/background_backup.py" line="78"/>
        <source>Automatic backup failed: click to see why</source>
        <translation>自动备份未成功，点击查看原因</translation>
    </message>
    <message>
        <location filename="../../app/views/background_backup.py" line="85"/>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="80"/>
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="95"/>
        <source>Choose the folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="96"/>
        <source>Choose the backup folder</source>
        <translation>选择备份文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="98"/>
        <source>Made</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="99"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="100"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="101"/>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="102"/>
        <source>Requests</source>
        <translation>诉求数</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="103"/>
        <source>Newest request</source>
        <translation>最新诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="105"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="108"/>
        <location filename="../../app/views/backups_dialog.py" line="109"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="110"/>
        <source>Restore the chosen backup…</source>
        <translation>恢复选中的备份…</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="111"/>
        <source>Restore the chosen backup</source>
        <translation>恢复选中的备份</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="114"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="118"/>
        <source>Restoring replaces everything in the desk with the backup; the database as it is now is backed up first, so nothing is lost. Only the administrator restores.</source>
        <translation>恢复会用备份替换服务台的全部数据；替换前会先备份当前的数据库，不会丢失任何内容。只有管理员可以恢复。</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="121"/>
        <source>Restoring a backup and choosing the folder are for the administrator.</source>
        <translation>恢复备份和选择备份文件夹由管理员操作。</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="157"/>
        <source>This desk works on a shared database server. Backups are made on the server (pg_dump) by IT staff, not from a desk.</source>
        <translation>本服务台使用共享的数据库服务器。备份由信息技术人员在服务器上进行（pg_dump），不在服务台上做。</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="162"/>
        <source>the data folder&apos;s own backups folder</source>
        <translation>数据文件夹自带的备份文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="163"/>
        <source>Backups are kept in {folder}.</source>
        <translation>备份保存在{folder}。</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="165"/>
        <source>The backup folder {folder} is not there: is the USB stick plugged in? Plug it in, or choose another folder. Until then no backup can be made.</source>
        <translation>找不到备份文件夹 {folder}：U 盘插好了吗？请插上 U 盘，或选择其他文件夹。在此之前无法备份。</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="174"/>
        <source>cannot be read: not a desk database, or damaged</source>
        <translation>无法读取：不是服务台数据库，或已损坏</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="176"/>
        <source>no requests</source>
        <translation>没有诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="191"/>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="196"/>
        <source>Backing up… {percent}%</source>
        <translation>正在备份… {percent}%</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="199"/>
        <source>Backed up ({size}).</source>
        <translation>已备份（{size}）。</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="207"/>
        <source>Restore this backup?</source>
        <translation>恢复这个备份？</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="208"/>
        <source>Replace everything in the desk with the backup of {made} ({requests} requests, {residents} residents)?

What was written since then is no longer in the desk: the database as it is now is backed up first and can be restored in the same way. Everyone is logged out and the desk starts again at the log-in.</source>
        <translation>用 {made} 的备份（{requests} 件诉求，{residents} 位居民）替换服务台的全部数据吗？

此后登记的内容将不在服务台中：替换前会先备份当前的数据库，需要时可以用同样的方法恢复。所有人将退出登录，服务台回到登录界面。</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="215"/>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="233"/>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="240"/>
        <source>Backups now go to {folder}.</source>
        <translation>以后的备份保存到 {folder}。</translation>
    </message>
</context>
<context>
    <name>BuildingsTab</name>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="34"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="34"/>
        <location filename="../../app/views/settings/buildings.py" line="61"/>
        <source>Building {n}</source>
        <translation>{n}号楼</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="35"/>
        <location filename="../../app/views/settings/buildings.py" line="91"/>
        <location filename="../../app/views/settings/buildings.py" line="107"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="35"/>
        <source>(no grid)</source>
        <translation>（未划网格）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="36"/>
        <location filename="../../app/views/settings/buildings.py" line="99"/>
        <location filename="../../app/views/settings/buildings.py" line="108"/>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="37"/>
        <location filename="../../app/views/settings/buildings.py" line="100"/>
        <location filename="../../app/views/settings/buildings.py" line="109"/>
        <source>Floors</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="38"/>
        <location filename="../../app/views/settings/buildings.py" line="101"/>
        <location filename="../../app/views/settings/buildings.py" line="110"/>
        <source>Rooms per floor</source>
        <translation>每层户数</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="39"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="40"/>
        <source>Residents</source>
        <translation>居民数</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="41"/>
        <location filename="../../app/views/settings/buildings.py" line="105"/>
        <location filename="../../app/views/settings/buildings.py" line="111"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="42"/>
        <source>In use</source>
        <translation>使用状态</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="42"/>
        <source>yes</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="42"/>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="46"/>
        <source>List the buildings residents already live in</source>
        <translation>登记居民已入住的楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="60"/>
        <source>List {n} buildings residents live in</source>
        <translation>登记已有住户的 {n} 栋楼</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="67"/>
        <source>{n} buildings are listed, their shape read from the addresses. Check each one&apos;s grid.</source>
        <translation>已登记 {n} 栋楼，单元和层数按现有住址推算。请逐一核对所属网格。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="84"/>
        <source>Change building</source>
        <translation>修改楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="84"/>
        <source>New building</source>
        <translation>新增楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="86"/>
        <source>Every household of the building is made at once: rooms 101, 102, … on each floor of each unit. Units, floors and rooms can later grow, never shrink.</source>
        <translation>一次生成整栋楼的所有住户：每个单元每层为 101、102……室。单元数、层数和每层户数以后只能增加，不能减少。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="88"/>
        <source>Building number</source>
        <translation>楼号</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="89"/>
        <source>e.g. 3 for 3号楼</source>
        <translation>例如 3 号楼填 3</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="92"/>
        <source>(no grid yet)</source>
        <translation>（暂不划网格）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/buildings.py" line="106"/>
        <source>Building number *</source>
        <translation>楼号 *</translation>
    </message>
</context>
<context>
    <name>CallerHistoryPanel</name>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="30"/>
        <source>This caller&apos;s requests (last {days} days)</source>
        <translation>此来电人近 {days} 天的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="36"/>
        <source>The caller&apos;s earlier requests</source>
        <translation>来电人以前的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="45"/>
        <source>Record this call on the chosen request ({keys})</source>
        <translation>记到选中的诉求上（{keys}）</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="47"/>
        <source>Record this call on the chosen earlier request, no new request</source>
        <translation>把这次来电记到选中的原诉求上，不新开诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="66"/>
        <source>Choose the resident (or type the caller&apos;s number) to see their requests.</source>
        <translation>选定居民（或输入来电号码）后，这里列出他的诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="86"/>
        <source>Looking for their requests…</source>
        <translation>正在查找他的诉求…</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="100"/>
        <source>No request in the last {days} days.</source>
        <translation>近 {days} 天没有诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="102"/>
        <source>{n} request(s) in the last {days} days, newest first.</source>
        <translation>近 {days} 天有 {n} 件诉求，最新的在前。</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="110"/>
        <source>{no} · {day} · {status}</source>
        <translation>{no} · {day} · {status}</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="114"/>
        <source>(a repeat of {no})</source>
        <translation>（重复 {no}）</translation>
    </message>
    <message>
        <location filename="../../app/views/repeat_panel.py" line="116"/>
        <source>(logged with this number for another resident record)</source>
        <translation>（用这个号码登记在另一条居民记录下）</translation>
    </message>
</context>
<context>
    <name>CannedRepliesTab</name>
    <message>
        <location filename="../../app/views/settings/replies.py" line="31"/>
        <location filename="../../app/views/settings/replies.py" line="64"/>
        <location filename="../../app/views/settings/replies.py" line="78"/>
        <source>For</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="31"/>
        <location filename="../../app/views/settings/replies.py" line="65"/>
        <source>Any request</source>
        <translation>所有诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="32"/>
        <location filename="../../app/views/settings/replies.py" line="76"/>
        <source>Canned reply</source>
        <translation>常用回复</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="33"/>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="33"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="33"/>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="35"/>
        <source>Add the ready-made replies</source>
        <translation>添加预置回复</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="36"/>
        <source>Add the ready-made replies this community does not have</source>
        <translation>添加本社区还没有的预置回复</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="59"/>
        <source>Change canned reply</source>
        <translation>修改常用回复</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="59"/>
        <source>New canned reply</source>
        <translation>新增常用回复</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="61"/>
        <source>The progress-note dialog offers a request its sub-category&apos;s replies first, then its class&apos;s, then those for any request, in this order. A note already written keeps its words.</source>
        <translation>写进展时，先列出该小类的回复，再列大类的，最后是适用于所有诉求的，按这里的顺序。已经写好的进展说明不受影响。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="79"/>
        <source>Words *</source>
        <translation>内容 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="92"/>
        <source>{n} ready-made replies added.</source>
        <translation>已添加 {n} 条预置回复。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/replies.py" line="93"/>
        <source>Every ready-made reply is here already (a retired one stays retired).</source>
        <translation>预置回复都已经有了（停用的仍保持停用）。</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <location filename="../../app/views/case_list_page.py" line="74"/>
        <source>Search requests</source>
        <translation>查询诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="75"/>
        <source>Words in the description or notes, e.g. 漏水, 灯, 楼道灯不亮</source>
        <translation>诉求描述或备注中的字词，例如：漏水、灯、楼道灯不亮</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="77"/>
        <location filename="../../app/views/case_list_page.py" line="123"/>
        <location filename="../../app/views/case_list_page.py" line="145"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="78"/>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="81"/>
        <location filename="../../app/views/case_list_page.py" line="123"/>
        <location filename="../../app/views/case_list_page.py" line="148"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="82"/>
        <location filename="../../app/views/case_list_page.py" line="124"/>
        <location filename="../../app/views/case_list_page.py" line="152"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="83"/>
        <location filename="../../app/views/case_list_page.py" line="124"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="84"/>
        <location filename="../../app/views/case_list_page.py" line="125"/>
        <location filename="../../app/views/case_list_page.py" line="151"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="87"/>
        <location filename="../../app/views/case_list_page.py" line="125"/>
        <location filename="../../app/views/case_list_page.py" line="147"/>
        <source>Channel</source>
        <translation>受理方式</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="90"/>
        <location filename="../../app/views/case_list_page.py" line="126"/>
        <source>Logged from</source>
        <translation>登记日期从</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="91"/>
        <source>Logged until</source>
        <translation>登记日期至</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="92"/>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="93"/>
        <source>Only requests past a time limit</source>
        <translation>只显示已超时的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="94"/>
        <source>Difficult problems pool</source>
        <translation>难点问题库</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="95"/>
        <source>Only requests in the difficult problems pool</source>
        <translation>只显示难点问题库中的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="96"/>
        <source>Repeat requests</source>
        <translation>重复诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="97"/>
        <source>Only requests marked as a repeat of an earlier one</source>
        <translation>只看标为重复诉求的</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="98"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="99"/>
        <source>Show all requests again</source>
        <translation>重新显示全部诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="100"/>
        <source>Export the ledger…</source>
        <translation>导出台账…</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="101"/>
        <source>Export the requests these filters show, with their history, to Excel or CSV (台账)</source>
        <translation>将当前筛选出的诉求及其办理记录导出为 Excel 或 CSV 台账</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="109"/>
        <source>Requests</source>
        <translation>诉求列表</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="126"/>
        <source>until</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="144"/>
        <source>Case no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="146"/>
        <source>Logged</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="149"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="150"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="153"/>
        <source>Departments</source>
        <translation>涉及部门</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="154"/>
        <source>Next time limit</source>
        <translation>最近到期时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="159"/>
        <source>pool</source>
        <translation>难点问题库</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="160"/>
        <source>repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="166"/>
        <source>{time} overdue</source>
        <translation>{time}（已超时）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="171"/>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="183"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="270"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="278"/>
        <source>Export the ledger</source>
        <translation>导出台账</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="280"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="280"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="288"/>
        <source>{n} request(s) with {events} event(s) were exported to {path}. The file holds residents&apos; names, phone numbers and addresses: keep it in the office.</source>
        <translation>已将 {n} 件诉求及 {events} 条办理记录导出到 {path}。文件含居民姓名、电话和住址，仅限社区内部使用。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="300"/>
        <source>{n} requests</source>
        <translation>共 {n} 件诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/case_list_page.py" line="301"/>
        <source>More than {n} requests</source>
        <translation>超过 {n} 件诉求</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <location filename="../../app/views/case_page.py" line="139"/>
        <source>Back to the list</source>
        <translation>返回列表</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="140"/>
        <source>Back to the list of requests</source>
        <translation>返回诉求列表</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="141"/>
        <source>Open a request from the list of requests (double-click it).</source>
        <translation>请在诉求列表中双击一件诉求打开。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="145"/>
        <source>Loading the request…</source>
        <translation>正在打开诉求…</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="155"/>
        <source>Difficult problems pool</source>
        <translation>难点问题库</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="157"/>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="159"/>
        <source>Reported to the director</source>
        <translation>已上报社区主任</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="162"/>
        <source>Open the request this one was merged into</source>
        <translation>打开本件已并入的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="180"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="182"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="183"/>
        <source>Logged</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="184"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="185"/>
        <location filename="../../app/views/case_page.py" line="630"/>
        <location filename="../../app/views/case_page.py" line="639"/>
        <source>Handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="195"/>
        <location filename="../../app/views/case_page.py" line="669"/>
        <location filename="../../app/views/case_page.py" line="673"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="196"/>
        <source>Called in</source>
        <translation>吹哨时间</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="197"/>
        <source>Report by</source>
        <translation>报到时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="198"/>
        <source>Report</source>
        <translation>报到情况</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="201"/>
        <source>Departments called in</source>
        <translation>吹哨报到部门</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="202"/>
        <source>Departments called in (吹哨报到)</source>
        <translation>吹哨报到部门</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="206"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="207"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="207"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="208"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="209"/>
        <location filename="../../app/views/case_page.py" line="623"/>
        <location filename="../../app/views/case_page.py" line="730"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="211"/>
        <location filename="../../app/views/case_page.py" line="221"/>
        <source>Timeline</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="227"/>
        <source>Steps</source>
        <translation>办理操作</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="265"/>
        <source>Nothing for you to do on this request now.</source>
        <translation>此诉求目前没有需要您办理的操作。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="314"/>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="315"/>
        <source>Respond</source>
        <translation>响应</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="316"/>
        <source>Progress note</source>
        <translation>记录进展</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="317"/>
        <source>Call in departments</source>
        <translation>吹哨报到</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="318"/>
        <source>Department reported</source>
        <translation>部门报到</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="319"/>
        <source>Raise the level</source>
        <translation>提级办理</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="320"/>
        <source>Suspend</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="321"/>
        <source>Resume</source>
        <translation>恢复办理</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="322"/>
        <source>Resolve</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="323"/>
        <source>Follow-up call</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="324"/>
        <source>Close</source>
        <translation>归档</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="325"/>
        <source>Reopen</source>
        <translation>重新办理</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="326"/>
        <source>Merge into another</source>
        <translation>并入其他诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="327"/>
        <source>Review public note</source>
        <translation>审核公开说明</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="407"/>
        <source>Merged into {no}</source>
        <translation>已并入 {no}</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="410"/>
        <source>No time limit running</source>
        <translation>当前没有计时中的时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="186"/>
        <source>Time limits of this request</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="167"/>
        <source>Resident&apos;s page</source>
        <translation>居民详情</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="168"/>
        <source>Everything about this resident</source>
        <translation>查看这位居民的全部信息</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="239"/>
        <location filename="../../app/views/case_page.py" line="240"/>
        <source>Give to a volunteer team</source>
        <translation>交给志愿服务队</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="247"/>
        <source>Send a message</source>
        <translation>发消息</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="248"/>
        <source>Send the resident a message ({key})</source>
        <translation>给居民发消息（{key}）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="258"/>
        <location filename="../../app/views/case_page.py" line="459"/>
        <source>Open job file</source>
        <translation>建立就业档案</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="259"/>
        <source>Open or join the resident&apos;s job seeker&apos;s file</source>
        <translation>为这位居民建立就业服务档案，或记入已有档案</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="383"/>
        <source>Reply time limit</source>
        <translation>答复时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="387"/>
        <source>{limit} (provisional: that year&apos;s official holidays are not entered yet)</source>
        <translation>{limit}（暂定：该年节假日安排尚未录入）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="390"/>
        <source>{limit}: {time}, overdue</source>
        <translation>{limit}：{time}（已超时）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="390"/>
        <source>{limit}: {time}</source>
        <translation>{limit}：{time}</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="415"/>
        <source>(anonymous in public)</source>
        <translation>（公示时匿名）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="420"/>
        <source>{n} households</source>
        <translation>{n} 户</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="421"/>
        <source>not dispatched yet</source>
        <translation>尚未派单</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="424"/>
        <location filename="../../app/views/case_page.py" line="480"/>
        <source>{team} (volunteer team)</source>
        <translation>{team}（志愿服务队）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="460"/>
        <source>Show job file</source>
        <translation>查看就业档案</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="478"/>
        <source> (by grid)</source>
        <translation>（按网格自动派单）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="483"/>
        <source>{names}, report within {hours} h</source>
        <translation>{names}，{hours} 小时内报到</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="492"/>
        <source>into {no}</source>
        <translation>并入 {no}</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="494"/>
        <source>from {no}</source>
        <translation>由 {no} 并入</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="500"/>
        <source>approved, may be posted</source>
        <translation>已通过，可以公示</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="500"/>
        <source>sent back</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="502"/>
        <source>{channel} sent ({kind})</source>
        <translation>已发送{channel}（{kind}）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="504"/>
        <source>copied</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="504"/>
        <source>printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="506"/>
        <source>a repeat of {no}</source>
        <translation>重复 {no}</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="512"/>
        <source>Public, awaiting review</source>
        <translation>公开（待审核）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="513"/>
        <source>Public</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="513"/>
        <source>Public, sent back</source>
        <translation>公开（已退回）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="535"/>
        <source>Reported {time}</source>
        <translation>已于 {time} 报到</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="537"/>
        <source>Involved (named at intake), not called in</source>
        <translation>涉及部门（登记时填写），未吹哨</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="539"/>
        <source>Not reported, past the deadline</source>
        <translation>逾期未报到</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="540"/>
        <source>Waiting for the report</source>
        <translation>等待报到</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="583"/>
        <source>The handler has taken the request up and contacted the resident.</source>
        <translation>承办人已接手此诉求，并已联系居民。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="585"/>
        <source>One level up: community → street → regional units → task force.</source>
        <translation>提高一级办理：社区自办 → 街道吹哨 → 区域联动 → 专班攻坚。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="587"/>
        <source>The clock stops until the request is resumed.</source>
        <translation>挂起期间暂停计时，恢复办理后继续计时。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="588"/>
        <source>The clock runs again.</source>
        <translation>继续计时。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="590"/>
        <source>What was done. The follow-up call to the resident comes next.</source>
        <translation>请填写办理结果。下一步是回访居民。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="591"/>
        <source>The request is archived.</source>
        <translation>此诉求将归档。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="593"/>
        <source>The request goes back to its handler; the time limits start again.</source>
        <translation>诉求退回原承办人，时限重新计算。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="604"/>
        <source>A public note goes on the notice board once the desk or the director has reviewed it.</source>
        <translation>公开说明须经服务台或社区主任审核后才会出现在公示栏上。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="623"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="623"/>
        <source>Outcome</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="632"/>
        <source>{name} (grid worker of {grid}, default)</source>
        <translation>{name}（{grid}网格员，默认）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="638"/>
        <source>The request goes to its handler, by default the grid worker of the resident&apos;s grid.</source>
        <translation>诉求派给承办人，默认为居民所在网格的网格员。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="649"/>
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="652"/>
        <source>Hours to report</source>
        <translation>报到时限（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="654"/>
        <source>each department&apos;s own time</source>
        <translation>按各部门规定时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="656"/>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="657"/>
        <source>Each department chosen must report within its own time (set up with the department) or the hours given here; each is tracked apart.</source>
        <translation>所选每个部门须在其规定时限（在系统设置中为部门设定）或此处填写的小时数内报到，各部门分别计时。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="659"/>
        <source>Departments *</source>
        <translation>部门 *</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="660"/>
        <source>Report within</source>
        <translation>报到时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="683"/>
        <source>No answer this time</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="688"/>
        <source>The resident&apos;s answer</source>
        <translation>居民评价</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="691"/>
        <source>Unanswered so far: {n} calls on {days} days.</source>
        <translation>已未接通：{days} 天共 {n} 次。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="692"/>
        <source>Call the resident and record the answer. Dissatisfied reopens the request: it goes back to its handler.</source>
        <translation>请致电居民并记录其评价。选择“不满意”后，诉求将重新办理，退回原承办人。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="694"/>
        <source>Answer *</source>
        <translation>评价 *</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="708"/>
        <source>Public note to review</source>
        <translation>待审核的公开说明</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="721"/>
        <source>Approve: it may appear on notices</source>
        <translation>通过：可以在公示中出现</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="723"/>
        <source>Send back: it stays off the notices</source>
        <translation>退回：不在公示中出现</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="728"/>
        <source>A grid worker&apos;s public note is read here before the notice board shows it: names, numbers and private matters must not be in it (the board masks them too).</source>
        <translation>网格员写的公开说明须在这里审阅后才会上公示栏：不得写入居民姓名、号码和个人隐私（公示时也会再做遮盖）。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="737"/>
        <source>Decision</source>
        <translation>审核结果</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="745"/>
        <source>Number of the request that stays</source>
        <translation>保留诉求的受理编号</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="746"/>
        <source>e.g. A01-20261120-0007</source>
        <translation>例如：A01-20261120-0007</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="747"/>
        <source>This request is a duplicate: it is merged into the one whose number you give, which stays open; its residents are counted there.</source>
        <translation>本诉求为重复诉求：将并入您所填编号的诉求，该诉求继续办理，本件的反映居民计入该诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="749"/>
        <source>Merge into *</source>
        <translation>并入 *</translation>
    </message>
    <message>
        <location filename="../../app/views/case_page.py" line="778"/>
        <source>{step} recorded on {no}.</source>
        <translation>已为诉求 {no} 记录“{step}”。</translation>
    </message>
</context>
<context>
    <name>CatalogueTab</name>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="29"/>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="30"/>
        <source>Category</source>
        <translation>商家类别</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="31"/>
        <source>Yuan per 100 points</source>
        <translation>结算标准（元/100积分）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="32"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="33"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="34"/>
        <source>Active</source>
        <translation>合作中</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="34"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="34"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="35"/>
        <location filename="../../app/views/points/catalogue.py" line="51"/>
        <source>Rewards</source>
        <translation>兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="37"/>
        <source>Merchants</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="38"/>
        <source>New merchant…</source>
        <translation>新增商家…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="39"/>
        <source>New merchant</source>
        <translation>新增商家</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="40"/>
        <location filename="../../app/views/points/catalogue.py" line="54"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="41"/>
        <source>Edit the merchant</source>
        <translation>修改商家信息</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="43"/>
        <source>Reward</source>
        <translation>兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="44"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="45"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="46"/>
        <source>Valid</source>
        <translation>兑换期限</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="47"/>
        <source>Limit per resident</source>
        <translation>每人限兑</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="48"/>
        <source>Offered now</source>
        <translation>当前供应</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="49"/>
        <source>On offer</source>
        <translation>在供</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="52"/>
        <source>New reward…</source>
        <translation>新增兑换项目…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="53"/>
        <source>New reward</source>
        <translation>新增兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="55"/>
        <source>Edit the reward</source>
        <translation>修改兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="56"/>
        <source>Restock…</source>
        <translation>补货…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="57"/>
        <source>Restock the reward</source>
        <translation>为兑换项目补货</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="119"/>
        <source>The merchant is saved.</source>
        <translation>商家信息已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="124"/>
        <source>Select a merchant first.</source>
        <translation>请先选择一个商家。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="127"/>
        <source>The reward is saved.</source>
        <translation>兑换项目已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="132"/>
        <source>Select a reward first.</source>
        <translation>请先选择一个兑换项目。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="134"/>
        <source>Restock</source>
        <translation>补货</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="134"/>
        <source>How many items of {reward} come in (negative: taken out)?</source>
        <translation>{reward} 入库多少件？（填负数表示出库）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/catalogue.py" line="147"/>
        <source>{reward}: {n} in stock now.</source>
        <translation>{reward}：现有库存 {n} 件。</translation>
    </message>
</context>
<context>
    <name>CategoriesTab</name>
    <message>
        <location filename="../../app/views/settings/categories.py" line="36"/>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="37"/>
        <source>Class or sub-category</source>
        <translation>大类/小类</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="37"/>
        <source>class</source>
        <translation>大类</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="38"/>
        <source>sub-category of {name}</source>
        <translation>{name}的小类</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="39"/>
        <source>Respond within</source>
        <translation>响应时限</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="39"/>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="41"/>
        <source>Resolve within</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="41"/>
        <source>{n} working days</source>
        <translation>{n} 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="42"/>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="43"/>
        <source>Requests</source>
        <translation>诉求数</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="44"/>
        <source>In use</source>
        <translation>使用状态</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="44"/>
        <source>yes</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="44"/>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="71"/>
        <source>Change category</source>
        <translation>修改分类</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="71"/>
        <source>New category</source>
        <translation>新增分类</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="73"/>
        <source>The time limits apply to requests logged from now on; the time-limit rules can still shorten them.</source>
        <translation>时限只对今后登记的诉求生效；“办理时限”规则仍可把它缩短。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="75"/>
        <location filename="../../app/views/settings/categories.py" line="92"/>
        <source>Belongs to</source>
        <translation>所属大类</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="76"/>
        <source>(a class of its own)</source>
        <translation>（作为新的大类）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="85"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="86"/>
        <source>Respond within (minutes)</source>
        <translation>响应时限（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="87"/>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="89"/>
        <source>Resolve within (hours)</source>
        <translation>办结时限（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="90"/>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="93"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="94"/>
        <source>Respond within *</source>
        <translation>响应时限 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="95"/>
        <source>Or resolve within working days</source>
        <translation>或按工作日办结</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="96"/>
        <source>— (the hours above)</source>
        <translation>—（按上面的小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="97"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="99"/>
        <source>Resolve within *</source>
        <translation>办结时限 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/categories.py" line="100"/>
        <source>Or in working days</source>
        <translation>或按工作日</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="35"/>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="37"/>
        <location filename="../../app/views/account_dialogs.py" line="40"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="38"/>
        <location filename="../../app/views/account_dialogs.py" line="41"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="39"/>
        <source>Repeat the new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="42"/>
        <source>Repeat</source>
        <translation>确认新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="43"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="36"/>
        <source>At least 8 characters, with letters and digits.</source>
        <translation>至少8位，须同时包含字母和数字。</translation>
    </message>
</context>
<context>
    <name>ConflictsNotice</name>
    <message>
        <location filename="../../app/views/sync_status.py" line="183"/>
        <source>Check them</source>
        <translation>去查看</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_status.py" line="184"/>
        <source>Open the list of sync conflicts</source>
        <translation>打开同步冲突列表</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_status.py" line="191"/>
        <source>Sync conflicts: {n} waiting for confirmation</source>
        <translation>同步冲突 {n} 条待确认</translation>
    </message>
</context>
<context>
    <name>ContributionDialog</name>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="127"/>
        <source>What {name} gave</source>
        <translation>{name} 的贡献</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="129"/>
        <location filename="../../app/views/partner_dialogs.py" line="130"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="131"/>
        <location filename="../../app/views/partner_dialogs.py" line="135"/>
        <source>Offer</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="132"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="136"/>
        <source>What was done or given</source>
        <translation>提供的服务或物资</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="137"/>
        <source>e.g. free clinic at the square, 86 people</source>
        <translation>例如：广场义诊，86人</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="138"/>
        <source>What was done or given *</source>
        <translation>提供的服务或物资 *</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="140"/>
        <location filename="../../app/views/partner_dialogs.py" line="141"/>
        <source>People or times</source>
        <translation>人数或次数</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="140"/>
        <source>not counted</source>
        <translation>不计</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="142"/>
        <location filename="../../app/views/partner_dialogs.py" line="143"/>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="142"/>
        <source>e.g. 50 vegetable baskets</source>
        <translation>例如：爱心菜篮50份</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="144"/>
        <location filename="../../app/views/partner_dialogs.py" line="146"/>
        <source>Request number</source>
        <translation>诉求编号</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="145"/>
        <source>when it helped on a request</source>
        <translation>协助办理诉求时填写</translation>
    </message>
</context>
<context>
    <name>Corrections</name>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="283"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="284"/>
        <source>Edit the selected resident (or double-click the row)</source>
        <translation>编辑选中的居民（或双击该行）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="285"/>
        <source>Household</source>
        <translation>户情况</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="286"/>
        <source>The selected resident&apos;s household: grid, tags and notes</source>
        <translation>选中居民所在户的网格、户情况和备注</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="288"/>
        <source>Moved away / deceased</source>
        <translation>标记迁出/已故</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="289"/>
        <source>Mark the selected resident moved away or deceased, or back again</source>
        <translation>把选中的居民标记为已迁出或已故，或恢复在册</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="291"/>
        <source>Merge duplicate</source>
        <translation>合并重复记录</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="292"/>
        <source>Merge the selected duplicate record into the record kept</source>
        <translation>把选中的重复记录合并到保留的记录</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="317"/>
        <source>{name} was saved.</source>
        <translation>{name} 已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="328"/>
        <source>The household {address} was saved.</source>
        <translation>{address} 的户信息已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="335"/>
        <source>{name}: {status}.</source>
        <translation>{name}：{status}。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="341"/>
        <source>Merged into {name}: {cases} request(s), {points} points and {hours} hours moved.</source>
        <translation>已合并到 {name}：转移诉求 {cases} 件、积分 {points} 分、时间银行 {hours} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="348"/>
        <source>Select a resident first.</source>
        <translation>请先选中一位居民。</translation>
    </message>
</context>
<context>
    <name>CouncilPage</name>
    <message>
        <location filename="../../app/views/council_page.py" line="338"/>
        <source>Held on</source>
        <translation>召开日期</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="339"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="340"/>
        <source>Topic</source>
        <translation>议题</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="341"/>
        <source>Items done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="344"/>
        <source>Council meetings</source>
        <translation>议事会记录</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="347"/>
        <source>New meeting…</source>
        <translation>新增议事会…</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="348"/>
        <source>Record a new council meeting</source>
        <translation>登记一次新的议事会</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="349"/>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="350"/>
        <source>Correct the chosen meeting</source>
        <translation>更正所选议事会</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="351"/>
        <source>Council meetings (议事会)</source>
        <translation>议事会记录</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="358"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="359"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="360"/>
        <source>Responsible</source>
        <translation>责任方</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="361"/>
        <source>Deadline</source>
        <translation>完成时限</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="362"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="363"/>
        <source>Latest progress</source>
        <translation>最新进展</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="364"/>
        <source>To-do</source>
        <translation>督办事项</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="366"/>
        <source>Items of the meeting</source>
        <translation>本次议事会的议定事项</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="372"/>
        <source>Add item…</source>
        <translation>新增事项…</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="373"/>
        <source>Add an item to the meeting</source>
        <translation>为本次议事会新增议定事项</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="374"/>
        <source>Correct item…</source>
        <translation>更正事项…</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="375"/>
        <source>Correct the chosen item</source>
        <translation>更正所选事项</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="376"/>
        <source>Make a to-do…</source>
        <translation>转为督办事项…</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="377"/>
        <source>Put the chosen item on the duties list with its deadline</source>
        <translation>把所选事项按完成时限列入“事项与走访”</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="378"/>
        <source>Large print</source>
        <translation>大字版</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="379"/>
        <source>Council notice: preview</source>
        <translation>预览议事会公示</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="380"/>
        <source>Make the council notice and preview it</source>
        <translation>生成议事会公示并预览</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="385"/>
        <source>Progress of the chosen item</source>
        <translation>所选事项的进展</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="387"/>
        <location filename="../../app/views/council_page.py" line="503"/>
        <source>Choose an item in the list.</source>
        <translation>请在列表中选择一个事项。</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="391"/>
        <location filename="../../app/views/council_page.py" line="393"/>
        <source>Progress</source>
        <translation>进展</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="392"/>
        <source>What has been done so far, as residents may read it</source>
        <translation>截至目前的办理情况（将公示给居民，请用居民看得懂的话填写）</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="394"/>
        <location filename="../../app/views/council_page.py" line="431"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="394"/>
        <source>The item is done</source>
        <translation>该事项已完成</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="395"/>
        <source>Record progress</source>
        <translation>记录进展</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="396"/>
        <source>Record the item&apos;s progress</source>
        <translation>记录该事项的进展</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="432"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="433"/>
        <source>In progress</source>
        <translation>推进中</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="439"/>
        <source>On the duties list, due {day}</source>
        <translation>已列入事项，{day} 到期</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="440"/>
        <source>Done on the duties list</source>
        <translation>事项已完成</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="440"/>
        <source>Ended on the duties list</source>
        <translation>事项已结束</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="472"/>
        <source>No council meeting recorded yet: record one with “New meeting…”.</source>
        <translation>尚未登记议事会：请点击“新增议事会…”登记。</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="475"/>
        <source>, {place}</source>
        <translation>，地点：{place}</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="476"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; — {level}, {cycle}, held on {day}{where}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; — {level}，{cycle}，{day} 召开{where}</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="481"/>
        <source>Attendees ({n}): {names}</source>
        <translation>参会人员（{n} 人）：{names}</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="484"/>
        <source>Requests behind the topics: {numbers}</source>
        <translation>议题涉及的诉求：{numbers}</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="487"/>
        <source>Decided: {summary}</source>
        <translation>决议：{summary}</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="507"/>
        <source>Item {seq}: {problem}</source>
        <translation>第 {seq} 项：{problem}</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="522"/>
        <source>Item {seq} is on the duties list, due {day}.</source>
        <translation>第 {seq} 项已列入事项，{day} 到期。</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="526"/>
        <source>Meeting saved: {title}. Add its items now.</source>
        <translation>议事会已保存：{title}。请接着添加议定事项。</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="529"/>
        <source>Item {seq} saved.</source>
        <translation>第 {seq} 项已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="573"/>
        <source>Choose an item in the list first.</source>
        <translation>请先在列表中选择一个事项。</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="582"/>
        <source>Item {seq} is done.</source>
        <translation>第 {seq} 项已完成。</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="583"/>
        <source>Progress of item {seq} recorded.</source>
        <translation>已记录第 {seq} 项的进展。</translation>
    </message>
</context>
<context>
    <name>CouncilReminder</name>
    <message>
        <location filename="../../app/views/council_reminder.py" line="26"/>
        <source>Council meetings</source>
        <translation>议事会</translation>
    </message>
    <message>
        <location filename="../../app/views/council_reminder.py" line="27"/>
        <source>Open the council meetings (议事会)</source>
        <translation>打开议事会记录</translation>
    </message>
    <message>
        <location filename="../../app/views/council_reminder.py" line="38"/>
        <source> and {n} more</source>
        <translation>等，另有 {n} 处</translation>
    </message>
    <message>
        <location filename="../../app/views/council_reminder.py" line="39"/>
        <source>{level} due ({cycle}): {names}</source>
        <translation>{level}到期未召开（{cycle}）：{names}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../app/views/crash.py" line="94"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="104"/>
        <source>The program ran into an unexpected error. It is still running.</source>
        <translation>程序遇到了一个意外错误，但程序仍在运行。</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="110"/>
        <source>Nothing you typed is lost: the form stays as it was, and drafts are kept. You can close this message and carry on. If the error comes back, please tell the support staff.</source>
        <translation>您输入的内容没有丢失：表单保持原样，草稿也已保留。关闭此提示后可以继续工作。如果这个错误再次出现，请告诉技术支持人员。</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="120"/>
        <source>The details are written to the log file:</source>
        <translation>详细信息已写入日志文件：</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="121"/>
        <source>No log file could be written. Copy the details and send them to the support staff.</source>
        <translation>日志文件无法写入。请复制详细信息，发给技术支持人员。</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="125"/>
        <source>Log file</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="132"/>
        <location filename="../../app/views/crash.py" line="217"/>
        <source>Show details</source>
        <translation>显示详细信息</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="138"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="148"/>
        <source>The details are on the clipboard: paste them into a message to the support staff.</source>
        <translation>详细信息已复制，可以粘贴到微信或邮件里发给技术支持人员。</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="154"/>
        <source>Copy the details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="157"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="196"/>
        <source>{n} errors have occurred in a row; the details of each are below.</source>
        <translation>已连续发生 {n} 个错误，每个错误的详细信息都在下方。</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="205"/>
        <source>… and {n} more errors, in the log file only.</source>
        <translation>……另有 {n} 个错误，只记录在日志文件中。</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="207"/>
        <source>Log file: {path}</source>
        <translation>日志文件：{path}</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="217"/>
        <source>Hide details</source>
        <translation>隐藏详细信息</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="126"/>
        <location filename="../../app/views/dashboard_page.py" line="244"/>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="127"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="127"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="128"/>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="128"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="131"/>
        <location filename="../../app/views/dashboard_page.py" line="244"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="132"/>
        <location filename="../../app/views/dashboard_page.py" line="245"/>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="133"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="134"/>
        <source>Count again</source>
        <translation>重新统计</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="135"/>
        <source>Export the figures…</source>
        <translation>导出统计数据…</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="136"/>
        <source>Export this period&apos;s rates, breakdowns, ranking and trend to Excel or CSV</source>
        <translation>将本期间的三率、分类统计、部门排名和每周趋势导出为 Excel 或 CSV</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="139"/>
        <source>Work report…</source>
        <translation>工作简报…</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="140"/>
        <source>The street&apos;s work report (工作简报) of a week or a month, as PDF or Word</source>
        <translation>报街道的周或月工作简报，可存为 PDF 或 Word</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="147"/>
        <location filename="../../app/views/dashboard_page.py" line="219"/>
        <location filename="../../app/views/dashboard_page.py" line="449"/>
        <source>Requests received</source>
        <translation>受理诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="148"/>
        <location filename="../../app/views/dashboard_page.py" line="334"/>
        <source>Response rate</source>
        <translation>响应率</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="149"/>
        <location filename="../../app/views/dashboard_page.py" line="335"/>
        <source>Resolution rate</source>
        <translation>解决率</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="151"/>
        <location filename="../../app/views/dashboard_page.py" line="336"/>
        <source>Satisfaction rate</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="153"/>
        <location filename="../../app/views/dashboard_page.py" line="337"/>
        <source>Average time to respond</source>
        <translation>平均响应用时</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="155"/>
        <location filename="../../app/views/dashboard_page.py" line="338"/>
        <source>Average time to resolve</source>
        <translation>平均办结用时</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="165"/>
        <source>Requests logged in the period that were marked as a repeat of an earlier request of the same resident (or the same caller&apos;s number) within 90 days, counted on their own day of intake, and their share of the requests received. A call recorded on an earlier open request opens no request and is not counted.</source>
        <translation>本期登记、标为同一居民（或同一来电号码）90 天内原诉求的重复诉求的件数，按各自受理日计，以及占受理件数的比例。记到原诉求上的重复来电不新开诉求，不计入。</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="173"/>
        <source>Employment help this year: people helped (files opened this year or still open in it), re-employed and started a business (files closed so this year), and the jobs those businesses created.</source>
        <translation>本年就业帮扶：帮扶人数（本年新建或本年内仍在跟进的档案），本年结案的再就业人数和自主创业人数，以及创业带动就业的岗位数。</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="179"/>
        <source>Requests by category</source>
        <translation>各类别诉求占比</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="181"/>
        <source>Requests per week, by category</source>
        <translation>每周诉求数（按类别）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="184"/>
        <source>Category split</source>
        <translation>类别占比</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="185"/>
        <source>Weekly trend</source>
        <translation>每周趋势</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="189"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="189"/>
        <location filename="../../app/views/dashboard_page.py" line="444"/>
        <source>(no category)</source>
        <translation>（未分类）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="190"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="191"/>
        <source>Handling level</source>
        <translation>办理层级</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="191"/>
        <location filename="../../app/views/dashboard_page.py" line="446"/>
        <source>(no level)</source>
        <translation>（未定层级）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="192"/>
        <location filename="../../app/views/dashboard_page.py" line="197"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="193"/>
        <location filename="../../app/views/dashboard_page.py" line="447"/>
        <source>(unnamed department)</source>
        <translation>（未命名部门）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="195"/>
        <source>List</source>
        <translation>榜单</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="196"/>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="198"/>
        <source>Called in</source>
        <translation>吹哨次数</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="199"/>
        <source>Reported</source>
        <translation>已报到</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="200"/>
        <source>On time</source>
        <translation>按时报到</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="201"/>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="202"/>
        <source>On-time rate</source>
        <translation>按时报到率</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="203"/>
        <source>Average time to report</source>
        <translation>平均报到用时</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="205"/>
        <source>Department ranking</source>
        <translation>部门排名</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="208"/>
        <source>Red and black list</source>
        <translation>红黑榜</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="215"/>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="216"/>
        <source>By grid</source>
        <translation>按网格</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="217"/>
        <source>By handling level</source>
        <translation>按办理层级</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="218"/>
        <source>By department</source>
        <translation>按部门</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="225"/>
        <source>Asked often this month</source>
        <translation>本月多次来电</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="229"/>
        <source>Hot spots</source>
        <translation>热点</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="230"/>
        <source>Heating seasons</source>
        <translation>供暖季对比</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="233"/>
        <source>Save chart as picture…</source>
        <translation>图表另存为图片…</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="234"/>
        <source>Save this tab&apos;s chart as a PNG picture</source>
        <translation>把本页的图表另存为 PNG 图片</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="240"/>
        <source>Right-click to save the chart as a picture</source>
        <translation>右键可把图表另存为图片</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="284"/>
        <source>Export the figures</source>
        <translation>导出统计数据</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="286"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="286"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="294"/>
        <source>The figures of {first} to {last} ({n} request(s) received) were exported to {path}.</source>
        <translation>已将 {first} 至 {last} 的统计数据（受理诉求 {n} 件）导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="330"/>
        <source>Received</source>
        <translation>受理数</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="331"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="332"/>
        <source>Responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="333"/>
        <source>Resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="339"/>
        <source>In the difficult pool</source>
        <translation>难点问题库</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="190"/>
        <location filename="../../app/views/dashboard_page.py" line="445"/>
        <source>(no grid)</source>
        <translation>（未分网格）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="402"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="418"/>
        <source>Employment help in {year}: {helped} people helped, {reemployed} re-employed, {business} started a business, creating {jobs} jobs</source>
        <translation>{year}年就业帮扶：帮扶 {helped} 人，再就业 {reemployed} 人，自主创业 {business} 人，带动就业 {jobs} 人</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="426"/>
        <source>Asked often this month ({n})</source>
        <translation>本月多次来电（{n}）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="435"/>
        <source>{first} to {last}: requests received in this period</source>
        <translation>{first} 至 {last}：本期间受理的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="451"/>
        <source>Red</source>
        <translation>红榜</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="452"/>
        <source>Black</source>
        <translation>黑榜</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="457"/>
        <source>{n} households</source>
        <translation>涉及 {n} 户</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="459"/>
        <source>{a} of {b} responded</source>
        <translation>{b} 件中已响应 {a} 件</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="461"/>
        <source>{a} of {b} resolved</source>
        <translation>{b} 件中已办结 {a} 件</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="464"/>
        <source>{a} of {b} follow-up calls</source>
        <translation>回访 {b} 次，满意 {a} 次（含基本满意）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="465"/>
        <source>{n} could not be reached</source>
        <translation>无法联系 {n} 件</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="468"/>
        <source>Repeat requests: {n} ({share} of those received)</source>
        <translation>重复诉求 {n} 件（占 {share}）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="496"/>
        <source>Week starting</source>
        <translation>周起始日</translation>
    </message>
</context>
<context>
    <name>DepartmentsTab</name>
    <message>
        <location filename="../../app/views/settings/departments.py" line="30"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="31"/>
        <location filename="../../app/views/settings/departments.py" line="62"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="32"/>
        <location filename="../../app/views/settings/departments.py" line="66"/>
        <location filename="../../app/views/settings/departments.py" line="73"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="33"/>
        <location filename="../../app/views/settings/departments.py" line="67"/>
        <location filename="../../app/views/settings/departments.py" line="74"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="34"/>
        <source>Reports within</source>
        <translation>报到时限</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="34"/>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="35"/>
        <source>Called in</source>
        <translation>吹哨次数</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="36"/>
        <source>In use</source>
        <translation>使用状态</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="36"/>
        <source>yes</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="36"/>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="59"/>
        <source>Change department</source>
        <translation>修改部门</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="59"/>
        <source>New department</source>
        <translation>新增部门</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="61"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="68"/>
        <source>Reports within (hours)</source>
        <translation>报到时限（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="69"/>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="71"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="72"/>
        <source>Kind *</source>
        <translation>类别 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/departments.py" line="75"/>
        <source>Reports within *</source>
        <translation>报到时限 *</translation>
    </message>
</context>
<context>
    <name>DeskSettingsPanel</name>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="60"/>
        <source>Community name</source>
        <translation>社区名称</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="61"/>
        <location filename="../../app/views/settings/desk_panel.py" line="84"/>
        <source>Street office</source>
        <translation>所属街道</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="62"/>
        <location filename="../../app/views/settings/desk_panel.py" line="85"/>
        <source>Reply time limit</source>
        <translation>答复时限</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="63"/>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="66"/>
        <source>Desk name</source>
        <translation>服务台名称</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="67"/>
        <source>Desk phone</source>
        <translation>服务台电话</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="67"/>
        <source>printed on every receipt</source>
        <translation>将印在每张回执上</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="68"/>
        <source>Large print for elderly readers</source>
        <translation>大字版（方便老年人阅读）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="69"/>
        <source>Large print</source>
        <translation>大字版</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="70"/>
        <location filename="../../app/views/settings/desk_panel.py" line="71"/>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="72"/>
        <source>Lock the desk after</source>
        <translation>无人操作自动锁定</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="73"/>
        <source> minutes without use</source>
        <translation> 分钟无操作后</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="73"/>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="74"/>
        <location filename="../../app/views/settings/desk_panel.py" line="99"/>
        <location filename="../../app/views/settings/desk_panel.py" line="179"/>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="75"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="76"/>
        <source>Choose the backup folder</source>
        <translation>选择备份文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="77"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="78"/>
        <source>Save the settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="81"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="83"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="86"/>
        <source>This desk (printed on receipts and notices)</source>
        <translation>本服务台（印在回执和公示上）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="88"/>
        <source>Desk code</source>
        <translation>服务台代码</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="89"/>
        <source>Desk name *</source>
        <translation>服务台名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="90"/>
        <source>Desk phone *</source>
        <translation>服务台电话 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="91"/>
        <source>A new notice starts with</source>
        <translation>新公示的默认格式</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="96"/>
        <source>This PC</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="98"/>
        <source>Idle lock</source>
        <translation>自动锁定</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="100"/>
        <source>These two belong to this PC only. A new idle lock applies from the next log-in; a new backup folder at once.</source>
        <translation>这两项只对本机有效。新的自动锁定时间从下次登录起生效；新的备份文件夹立即生效。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="105"/>
        <source>Receipts, vouchers, statements, passbooks, notices and settlements the desk prints are all kept in the printing folder, named by what they are and the day (for example 兑换券-20261203-0001.pdf).</source>
        <translation>本服务台打印的回执、兑换券、积分对账单、时间银行存折、公示和结算单都保存在打印文件夹里，文件名写明是什么、哪一天（例如 兑换券-20261203-0001.pdf）。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="109"/>
        <location filename="../../app/views/settings/desk_panel.py" line="110"/>
        <source>Open the printing folder</source>
        <translation>打开打印文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="112"/>
        <source>Printing folder</source>
        <translation>打印文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="137"/>
        <source>The printing folder cannot be opened on this PC (no file manager).</source>
        <translation>本机无法打开打印文件夹（没有文件管理器）。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="155"/>
        <source>the data folder&apos;s own backups folder</source>
        <translation>数据文件夹自带的备份文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="171"/>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/desk_panel.py" line="175"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>DeskTable</name>
    <message>
        <location filename="../../app/views/tables.py" line="180"/>
        <source>Restore the column widths</source>
        <translation>恢复默认列宽</translation>
    </message>
</context>
<context>
    <name>DoneDialog</name>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="95"/>
        <source>Record done</source>
        <translation>记录完成</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="96"/>
        <source>{title} · {place} · due {due}</source>
        <translation>{title} · {place} · 应办日期 {due}</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="98"/>
        <source>Done on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="99"/>
        <location filename="../../app/views/duty_dialogs.py" line="104"/>
        <source>Note</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="100"/>
        <source>What was found (optional)</source>
        <translation>发现的情况（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="103"/>
        <source>Done on *</source>
        <translation>完成日期 *</translation>
    </message>
</context>
<context>
    <name>DueCountButton</name>
    <message>
        <location filename="../../app/views/escalation_timer.py" line="85"/>
        <source>Requests overdue or about to be</source>
        <translation>已超时和即将超时的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_timer.py" line="87"/>
        <source>Open the list of overdue requests</source>
        <translation>打开超时诉求列表</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_timer.py" line="88"/>
        <source>Checking time limits…</source>
        <translation>正在检查时限…</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_timer.py" line="92"/>
        <source>Overdue: {n} · due soon: {m}</source>
        <translation>超时 {n} 件 · 即将超时 {m} 件</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_timer.py" line="98"/>
        <source>Time limits not checked</source>
        <translation>时限检查未完成</translation>
    </message>
</context>
<context>
    <name>DutiesPage</name>
    <message>
        <location filename="../../app/views/duties_page.py" line="62"/>
        <source>Duties and visits</source>
        <translation>事项与走访</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="63"/>
        <location filename="../../app/views/duties_page.py" line="89"/>
        <source>Due</source>
        <translation>到期提醒</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="64"/>
        <location filename="../../app/views/duties_page.py" line="262"/>
        <source>Patrol log</source>
        <translation>民情日记</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="66"/>
        <source>Visits done</source>
        <translation>走访完成情况</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="67"/>
        <source>Weekly sheet</source>
        <translation>打印周表</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="79"/>
        <source>Whose duties</source>
        <translation>谁的事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="80"/>
        <source>Everyone&apos;s</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="81"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="84"/>
        <location filename="../../app/views/duties_page.py" line="114"/>
        <source>Days ahead</source>
        <translation>提前天数</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="90"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="90"/>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="92"/>
        <location filename="../../app/views/duties_page.py" line="256"/>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="93"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="94"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="95"/>
        <source>Comes due</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="96"/>
        <source>Responsible</source>
        <translation>责任人</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="97"/>
        <location filename="../../app/views/duties_page.py" line="250"/>
        <location filename="../../app/views/duties_page.py" line="254"/>
        <location filename="../../app/views/duties_page.py" line="325"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="99"/>
        <source>Duties due</source>
        <translation>到期的事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="100"/>
        <source>Record done</source>
        <translation>记录完成</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="101"/>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="101"/>
        <source>Record not done</source>
        <translation>记录未完成</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="102"/>
        <source>Write up the visit</source>
        <translation>记入民情日记</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="103"/>
        <source>Write the visit in the patrol log</source>
        <translation>把这次走访写进民情日记</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="104"/>
        <source>New duty</source>
        <translation>新增事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="104"/>
        <source>Add a duty</source>
        <translation>新增一项定期事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="105"/>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="105"/>
        <source>Change the duty</source>
        <translation>修改这项事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="106"/>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="106"/>
        <source>End the duty</source>
        <translation>结束这项事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="107"/>
        <source>Visits from tags</source>
        <translation>按标签生成走访</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="108"/>
        <source>Make the visit duties match the tags</source>
        <translation>按标签重新生成走访事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="141"/>
        <source>{cycle}, every {n}</source>
        <translation>{cycle}，每 {n} 次</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="161"/>
        <source>{overdue} overdue, {due} coming</source>
        <translation>已逾期 {overdue} 项，即将到期 {due} 项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="167"/>
        <source>Choose a duty in the list first.</source>
        <translation>请先在列表里选择一项事项。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="188"/>
        <source>Recorded; next due {day}.</source>
        <translation>已记录；下次 {day}。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="190"/>
        <source>Done {n} days late.</source>
        <translation>晚了 {n} 天完成。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="192"/>
        <source>{n} earlier times nobody recorded are written as not done.</source>
        <translation>之前有 {n} 次没有登记，已记为未完成。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="201"/>
        <source>Only a visit is written up in the patrol log; record this duty done.</source>
        <translation>只有走访才写进民情日记；这项事项请直接记录完成。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="204"/>
        <source>The visit is in the patrol log and recorded done.</source>
        <translation>这次走访已写进民情日记，并记为完成。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="208"/>
        <source>Still reading the choices; try again in a moment.</source>
        <translation>正在读取选项，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="212"/>
        <source>Saved: {title}, next due {day}.</source>
        <translation>已保存：{title}，下次 {day}。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="221"/>
        <source>End duty</source>
        <translation>结束事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="221"/>
        <source>End {title} at {place}? Its records are kept.</source>
        <translation>结束 {place} 的“{title}”？已有的记录会保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="224"/>
        <source>Ended.</source>
        <translation>已结束。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="229"/>
        <source>Visits from tags: {added} added, {changed} changed, {ended} ended.</source>
        <translation>按标签生成走访：新增 {added} 项，修改 {changed} 项，结束 {ended} 项。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="239"/>
        <location filename="../../app/views/duties_page.py" line="251"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="248"/>
        <location filename="../../app/views/duties_page.py" line="268"/>
        <location filename="../../app/views/duties_page.py" line="322"/>
        <location filename="../../app/views/duties_page.py" line="339"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="249"/>
        <location filename="../../app/views/duties_page.py" line="323"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="253"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="255"/>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="257"/>
        <source>Seen</source>
        <translation>见到的人</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="258"/>
        <source>What was found</source>
        <translation>发现的情况</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="259"/>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="260"/>
        <source>Request</source>
        <translation>诉求编号</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="264"/>
        <source>New entry</source>
        <translation>写民情日记</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="264"/>
        <source>Write an entry</source>
        <translation>写一条民情日记</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="265"/>
        <source>Make a request</source>
        <translation>转为诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="266"/>
        <source>Make the problem found a request</source>
        <translation>把发现的问题登记为诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="268"/>
        <location filename="../../app/views/duties_page.py" line="339"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="298"/>
        <source>The entry is in the patrol log.</source>
        <translation>已写进民情日记。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="303"/>
        <source>Choose an entry of the patrol log first.</source>
        <translation>请先选择一条民情日记。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="306"/>
        <source>This entry already became request {no}.</source>
        <translation>这条日记已经登记为诉求 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="314"/>
        <source>Request {no} is logged (channel: volunteer collector) and linked to the entry.</source>
        <translation>已登记诉求 {no}（渠道：民情专员），并与这条日记关联。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="325"/>
        <source>(no grid)</source>
        <translation>（无网格）</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="326"/>
        <location filename="../../app/views/duties_page.py" line="372"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="327"/>
        <source>Promised visits due</source>
        <translation>应走访次数</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="328"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="329"/>
        <source>Not done or missed</source>
        <translation>未完成或漏访</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="330"/>
        <source>Done %</source>
        <translation>完成率</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="333"/>
        <source>Promised visits by grid</source>
        <translation>各网格承诺走访完成情况</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="335"/>
        <source>Counted up to yesterday: a visit due today may still be made. Missed: overdue with nobody recording it.</source>
        <translation>统计到昨天为止：今天应走访的还可以去。漏访：已过期且没有人登记。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="364"/>
        <source>Whose sheet</source>
        <translation>谁的周表</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="365"/>
        <location filename="../../app/views/duties_page.py" line="372"/>
        <source>Week from</source>
        <translation>从哪天起的一周</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="366"/>
        <source>Make and preview</source>
        <translation>生成并预览</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="367"/>
        <source>Make the weekly sheet and preview it</source>
        <translation>生成周走访表并预览</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="368"/>
        <source>One line per visit or check, with a box to tick under each day of the week it falls due, overdue ones first, and room for a note. Residents are printed masked (王*).</source>
        <translation>每项走访或检查一行，这一周它到期的每一天下面有一个打勾的方框，逾期的排在最前，每行有记录情况的空白。居民姓名打印为“王*”。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="386"/>
        <source>Choose whose sheet first.</source>
        <translation>请先选择是谁的周表。</translation>
    </message>
    <message>
        <location filename="../../app/views/duties_page.py" line="400"/>
        <source>Weekly sheet of {name}</source>
        <translation>{name}的周走访表</translation>
    </message>
</context>
<context>
    <name>DutiesPanel</name>
    <message>
        <location filename="../../app/views/home_page.py" line="261"/>
        <source>Duties and visits</source>
        <translation>事项与走访</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="262"/>
        <source>Open the duties and visits</source>
        <translation>打开事项与走访</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="269"/>
        <source>Due this week: {due}; overdue: {overdue}.</source>
        <translation>本周到期 {due} 项，已逾期 {overdue} 项。</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="271"/>
        <source>{n} more coming up (inspections).</source>
        <translation>另有 {n} 项即将到期（年检等）。</translation>
    </message>
</context>
<context>
    <name>DutyDialog</name>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="45"/>
        <source>Change duty</source>
        <translation>修改事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="45"/>
        <source>New duty</source>
        <translation>新增事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="46"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="47"/>
        <source>e.g. 5号楼电梯年检</source>
        <translation>如 5号楼电梯年检</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="48"/>
        <location filename="../../app/views/duty_dialogs.py" line="67"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="50"/>
        <source>(a household: type its address)</source>
        <translation>（某一户：请输入地址）</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="51"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="52"/>
        <source>Household address</source>
        <translation>住户地址</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="53"/>
        <source>e.g. 3-2-301</source>
        <translation>如 3-2-301</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="54"/>
        <source>How often</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="56"/>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="58"/>
        <source>Next due</source>
        <translation>下次到期</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="60"/>
        <location filename="../../app/views/duty_dialogs.py" line="75"/>
        <source>Remind days ahead</source>
        <translation>提前几天提醒</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="304"/>
        <source>Make a to-do of item {seq}</source>
        <translation>第 {seq} 项转为督办事项</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="309"/>
        <source>Item {seq} of {title}: {problem}. It goes on the duties list, due on its deadline {day}, and comes again each week until it is recorded done there.</source>
        <translation>“{title}”第 {seq} 项：{problem}。该事项将列入“事项与走访”，按完成时限 {day} 到期，在那里记录完成之前每周重复提醒。</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="312"/>
        <location filename="../../app/views/council_page.py" line="316"/>
        <location filename="../../app/views/duty_dialogs.py" line="62"/>
        <source>Responsible</source>
        <translation>责任人</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="313"/>
        <source>(choose who answers for it)</source>
        <translation>（请选择责任人）</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="63"/>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="65"/>
        <location filename="../../app/views/duty_dialogs.py" line="77"/>
        <source>Note</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="66"/>
        <source>What *</source>
        <translation>事项 *</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="69"/>
        <source>Where *</source>
        <translation>地点 *</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="71"/>
        <source>Where: {place}</source>
        <translation>地点：{place}</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="72"/>
        <source>Comes due</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="73"/>
        <source>Every (1 = each time)</source>
        <translation>间隔（1 表示每次）</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="74"/>
        <source>Next due *</source>
        <translation>下次到期 *</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="76"/>
        <source>Responsible *</source>
        <translation>责任人 *</translation>
    </message>
</context>
<context>
    <name>EditResidentDialog</name>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="66"/>
        <source>Edit {name}</source>
        <translation>编辑 {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="67"/>
        <source>The old values stay in the audit trail. A move to another flat keeps the resident&apos;s requests and accounts.</source>
        <translation>修改前的内容保留在操作日志中。搬到另一户后，居民的诉求和账户不变。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="69"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="70"/>
        <location filename="../../app/views/resident_dialogs.py" line="104"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="75"/>
        <location filename="../../app/views/resident_dialogs.py" line="105"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="78"/>
        <source>On file: {number} (leave blank to keep it)</source>
        <translation>已登记：{number}（不改请留空；更正请输入完整号码）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="79"/>
        <source>None on file</source>
        <translation>未登记</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="82"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="84"/>
        <location filename="../../app/views/resident_dialogs.py" line="106"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="85"/>
        <source>(from ID number)</source>
        <translation>（按身份证号）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="86"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="87"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="90"/>
        <source>Building</source>
        <translation>楼号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="91"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="92"/>
        <source>Room</source>
        <translation>室号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="97"/>
        <location filename="../../app/views/resident_dialogs.py" line="110"/>
        <source>Relation to the head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="98"/>
        <source>(not said)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="102"/>
        <location filename="../../app/views/resident_dialogs.py" line="114"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="103"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="107"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="107"/>
        <source>bldg</source>
        <translation>号楼</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="108"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="108"/>
        <source>room</source>
        <translation>室</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="111"/>
        <source>Household</source>
        <translation>户情况</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="113"/>
        <source>Person</source>
        <translation>个人标签</translation>
    </message>
</context>
<context>
    <name>EmploymentPage</name>
    <message>
        <location filename="../../app/views/employment_page.py" line="59"/>
        <source>Which files</source>
        <translation>档案范围</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="60"/>
        <source>Open files</source>
        <translation>跟进中的档案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="60"/>
        <source>Closed files</source>
        <translation>已结案的档案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="61"/>
        <source>All files</source>
        <translation>全部档案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="63"/>
        <source>Find a file</source>
        <translation>查找档案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="64"/>
        <source>Name, skill or wish</source>
        <translation>姓名、技能或求职意向</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="66"/>
        <source>New file</source>
        <translation>新建档案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="68"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="69"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="70"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="71"/>
        <source>Opened</source>
        <translation>建档日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="73"/>
        <source>Job seekers&apos; files</source>
        <translation>就业服务档案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="94"/>
        <source>Choose a file in the list, or open a new one.</source>
        <translation>请在列表中选择一份档案，或新建档案。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="108"/>
        <source>Plan</source>
        <translation>帮扶方案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="109"/>
        <source>New referral</source>
        <translation>新增推荐</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="110"/>
        <source>Interview result</source>
        <translation>面试结果</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="111"/>
        <source>Return visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="112"/>
        <source>Close the file</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="121"/>
        <source>Employer</source>
        <translation>用人单位</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="122"/>
        <source>Position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="123"/>
        <source>Referred</source>
        <translation>推荐日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="124"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="125"/>
        <source>On</source>
        <translation>面试日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="126"/>
        <source>Fit, or why not and what next</source>
        <translation>适应情况，或未录用原因及下一步</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="128"/>
        <source>Referrals</source>
        <translation>推荐记录</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="134"/>
        <source>Visited</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="135"/>
        <source>Agreement</source>
        <translation>三方协议</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="136"/>
        <source>Wage</source>
        <translation>工资</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="137"/>
        <source>Social insurance</source>
        <translation>社保</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="138"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="140"/>
        <source>Return visits</source>
        <translation>回访记录</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="146"/>
        <source>Referrals (跟踪服务)</source>
        <translation>推荐记录（跟踪服务）</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="148"/>
        <source>Return visits (权益保障)</source>
        <translation>回访记录（权益保障）</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="159"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="159"/>
        <source>Not yet</source>
        <translation>尚未</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="163"/>
        <source>Why: {why}; next: {next}</source>
        <translation>原因：{why}；下一步：{next}</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="178"/>
        <source>{n} files</source>
        <translation>共 {n} 份档案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="202"/>
        <source>{n} years</source>
        <translation>{n} 岁</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="202"/>
        <source>age unknown</source>
        <translation>年龄不详</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="208"/>
        <source>not planned yet</source>
        <translation>尚未制定方案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="210"/>
        <source>Skills: {skills} · Certificates: {certificates}</source>
        <translation>技能：{skills} · 证书：{certificates}</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="212"/>
        <source>Wishes: {wishes} · Family: {family}</source>
        <translation>求职意向：{wishes} · 家庭状况：{family}</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="213"/>
        <source>File opened on {day}</source>
        <translation>{day} 建档</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="214"/>
        <source> · from requests {nos}</source>
        <translation> · 来自诉求 {nos}</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="215"/>
        <source>Plan: {measures}</source>
        <translation>帮扶方案：{measures}</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="238"/>
        <source>, {n} jobs created</source>
        <translation>，带动就业 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="241"/>
        <source>Closed on {day}: {words}</source>
        <translation>{day} 结案：{words}</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="245"/>
        <source>job referral</source>
        <translation>推荐岗位</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="245"/>
        <source>skills training</source>
        <translation>技能培训</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="246"/>
        <source>start-up help and a small loan guarantee</source>
        <translation>创业指导与小额贷款担保</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="262"/>
        <source>The job seeker&apos;s file is opened.</source>
        <translation>就业服务档案已建立。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="270"/>
        <source>Choose a file in the list first.</source>
        <translation>请先在列表中选择一份档案。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="279"/>
        <source>The plan is recorded.</source>
        <translation>帮扶方案已记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="286"/>
        <source>The referral is recorded.</source>
        <translation>岗位推荐已记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="298"/>
        <source>Choose the referral in the list first.</source>
        <translation>请先在列表中选择一条推荐记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="301"/>
        <source>The interview result is recorded.</source>
        <translation>面试结果已记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="308"/>
        <source>The return visit is recorded.</source>
        <translation>回访已记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_page.py" line="317"/>
        <source>The file is closed.</source>
        <translation>档案已结案。</translation>
    </message>
</context>
<context>
    <name>EscalationRulesPage</name>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="61"/>
        <source>&lt;b&gt;The four time limits.&lt;/b&gt; Response time limit: the handler&apos;s first response; missed, the community director is told. Reply time limit: the first reply to the resident, printed on the receipt (set in Settings; not escalated). Resolution time limit: missed, the request goes into the difficult problems pool and up to the street level. Follow-up time limit: the call after the resolution; missed, the director is told. A warning comes before each limit.&lt;br&gt;&lt;b&gt;Without a rule&lt;/b&gt; each category&apos;s own limits apply (the table at the bottom; most: respond within 1 hour, resolve within 24 hours, or so many working days where a category counts in them; urgency 4 within {h4} hours and 5 within {h5} hours at most), the follow-up call within {followup} hours of the resolution, the warning {warn} minutes before (or at half a shorter limit).&lt;br&gt;&lt;b&gt;The most specific rule wins&lt;/b&gt;: sub-category before its class, one urgency before all; a limit a rule leaves at “default” (—) comes from the next rule, then from the category. A rule can shorten the time to resolve set at intake, never lengthen it.</source>
        <translation>&lt;b&gt;四种时限。&lt;/b&gt;响应时限：承办人首次响应，未按时响应，通知社区主任。答复时限：给居民的首次答复，印在回执上（在系统设置中设定，不提级）。办结时限：未按时办结，诉求转入难点问题库，并提级到街道办理。回访时限：办结后回访居民，未按时回访，通知社区主任。每个时限到期前都会先发出超时预警。&lt;br&gt;&lt;b&gt;没有规则时&lt;/b&gt;，按各类别规定的时限（见下方表格；多数类别为 1 小时内响应、24 小时内办结，按工作日计的类别为若干个工作日；紧急程度 4 最长 {h4} 小时、5 最长 {h5} 小时办结），办结后 {followup} 小时内回访，时限到期前 {warn} 分钟预警（时限较短的，过半时预警）。&lt;br&gt;&lt;b&gt;规则越具体越优先&lt;/b&gt;：子类优先于大类，单个紧急程度优先于“全部”；规则中设为“默认”（—）的时限，取自范围更大的规则，再取自类别规定。办结时限和回访时限可按小时或按工作日（跳过法定节假日，调休上班日照常计算）。规则只能缩短登记时定的办结时限，不能延长。</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="79"/>
        <location filename="../../app/views/escalation_rules_page.py" line="104"/>
        <location filename="../../app/views/escalation_rules_page.py" line="198"/>
        <location filename="../../app/views/escalation_rules_page.py" line="211"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="80"/>
        <location filename="../../app/views/escalation_rules_page.py" line="203"/>
        <location filename="../../app/views/escalation_rules_page.py" line="212"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="81"/>
        <location filename="../../app/views/escalation_rules_page.py" line="105"/>
        <location filename="../../app/views/escalation_rules_page.py" line="207"/>
        <source>Respond within</source>
        <translation>响应时限</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="82"/>
        <location filename="../../app/views/escalation_rules_page.py" line="106"/>
        <location filename="../../app/views/escalation_rules_page.py" line="208"/>
        <location filename="../../app/views/escalation_rules_page.py" line="216"/>
        <source>Resolve within</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="84"/>
        <location filename="../../app/views/escalation_rules_page.py" line="209"/>
        <location filename="../../app/views/escalation_rules_page.py" line="217"/>
        <source>Follow-up call within</source>
        <translation>回访时限</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="86"/>
        <location filename="../../app/views/escalation_rules_page.py" line="210"/>
        <source>Warn before</source>
        <translation>提前预警</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="88"/>
        <source>Escalation rules</source>
        <translation>时限规则</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="89"/>
        <source>Add a rule…</source>
        <translation>新增规则…</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="90"/>
        <source>Add an escalation rule</source>
        <translation>新增一条时限规则</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="91"/>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="92"/>
        <source>Change the chosen rule</source>
        <translation>修改所选规则</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="93"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="94"/>
        <source>Delete the chosen rule</source>
        <translation>删除所选规则</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="95"/>
        <source>No rules: every request has its category&apos;s own limits (below).</source>
        <translation>暂无规则：所有诉求均按所属类别规定的时限办理（见下方）。</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="98"/>
        <source>Rules</source>
        <translation>时限规则</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="110"/>
        <source>Each category&apos;s own time limits</source>
        <translation>各类别规定的时限</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="111"/>
        <source>Each category&apos;s own limits (where no rule sets one)</source>
        <translation>各类别规定的时限（没有规则时适用）</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="122"/>
        <source>Time limits</source>
        <translation>时限规则</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="123"/>
        <source>Holidays and worked weekends</source>
        <translation>节假日安排</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="153"/>
        <location filename="../../app/views/escalation_rules_page.py" line="199"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="160"/>
        <location filename="../../app/views/escalation_rules_page.py" line="204"/>
        <source>All urgencies</source>
        <translation>全部紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="163"/>
        <source>{n} minutes</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="167"/>
        <source>{n} working days</source>
        <translation>{n} 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="168"/>
        <source>{n} hours</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="192"/>
        <source>Add a rule</source>
        <translation>新增规则</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="192"/>
        <source>Change the rule</source>
        <translation>修改规则</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="195"/>
        <source>Leave a limit at “default” to take it from a less specific rule or from the category.</source>
        <translation>时限设为“默认”时，取自范围更大的规则或类别规定。</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="207"/>
        <location filename="../../app/views/escalation_rules_page.py" line="210"/>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="208"/>
        <location filename="../../app/views/escalation_rules_page.py" line="209"/>
        <location filename="../../app/views/escalation_rules_page.py" line="262"/>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="213"/>
        <source>Respond within (minutes)</source>
        <translation>响应时限（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="218"/>
        <source>Warn before (minutes)</source>
        <translation>提前预警（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="258"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="259"/>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="260"/>
        <source>working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="262"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="269"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="278"/>
        <source>Rule saved. The time limits of the open requests it covers were worked out again.</source>
        <translation>规则已保存，所涉及的未办结诉求已按新规则重新计算时限。</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="287"/>
        <source>The rule for {what} will be deleted; the requests it covers will take their limits from a less specific rule or from their category.</source>
        <translation>将删除“{what}”的规则；所涉及的诉求改按范围更大的规则或所属类别的规定计算时限。</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="286"/>
        <source>Delete the rule?</source>
        <translation>删除该规则？</translation>
    </message>
    <message>
        <location filename="../../app/views/escalation_rules_page.py" line="292"/>
        <source>The rule for {what} was deleted.</source>
        <translation>已删除“{what}”的规则。</translation>
    </message>
</context>
<context>
    <name>FamilyTab</name>
    <message>
        <location filename="../../app/views/timebank/family.py" line="27"/>
        <location filename="../../app/views/timebank/family.py" line="28"/>
        <location filename="../../app/views/timebank/family.py" line="47"/>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="30"/>
        <location filename="../../app/views/timebank/family.py" line="48"/>
        <source>Family member</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="31"/>
        <location filename="../../app/views/timebank/family.py" line="35"/>
        <location filename="../../app/views/timebank/family.py" line="49"/>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="36"/>
        <location filename="../../app/views/timebank/family.py" line="39"/>
        <location filename="../../app/views/timebank/family.py" line="50"/>
        <source>Proof</source>
        <translation>证明材料</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="38"/>
        <source>e.g. household register, marriage certificate No. …</source>
        <translation>例如：户口簿、结婚证编号…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="40"/>
        <source>Record the link</source>
        <translation>登记关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="41"/>
        <source>Record the family link</source>
        <translation>登记家庭关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="42"/>
        <source>Link a family member (approved by a second person)</source>
        <translation>关联家庭成员（须由另一人审批）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="51"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="52"/>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="53"/>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="55"/>
        <source>Family links</source>
        <translation>家庭关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="56"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="57"/>
        <source>Approve the selected link</source>
        <translation>批准所选关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="58"/>
        <source>Do not approve</source>
        <translation>不批准</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="59"/>
        <source>Do not approve the selected link</source>
        <translation>不批准所选关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="86"/>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="89"/>
        <source>Link {a} – {b} recorded; a second person approves it.</source>
        <translation>已登记 {a} 与 {b} 的关联，待另一人审批。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="97"/>
        <source>Select a link first.</source>
        <translation>请先选择一条关联。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/family.py" line="103"/>
        <source>Link {a} – {b}: {status}.</source>
        <translation>{a} 与 {b} 的关联：{status}。</translation>
    </message>
</context>
<context>
    <name>FindingsDialog</name>
    <message>
        <location filename="../../app/views/audit_page.py" line="191"/>
        <source>Data check</source>
        <translation>数据检查结果</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="194"/>
        <source>Problems found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="197"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="200"/>
        <source>{n} problem(s) found:</source>
        <translation>发现 {n} 处问题：</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../app/views/login.py" line="137"/>
        <source>First start</source>
        <translation>首次启动</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="140"/>
        <source>Welcome. This PC has no community yet. Enter your community and this desk, and create the administrator account. To look around first, load the demo community.</source>
        <translation>欢迎使用。本机尚未设置社区。请填写本社区和本服务台的信息，并创建管理员账号。如想先试用，可加载演示社区。</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="152"/>
        <source>Community name</source>
        <translation>社区名称</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="152"/>
        <source>e.g. 幸福里社区</source>
        <translation>例如：幸福里社区</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="153"/>
        <location filename="../../app/views/login.py" line="166"/>
        <source>Street office</source>
        <translation>所属街道</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="153"/>
        <source>e.g. 站前街道</source>
        <translation>例如：站前街道</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="154"/>
        <source>Desk code</source>
        <translation>服务台代码</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="154"/>
        <source>e.g. A01 (prefix of case numbers)</source>
        <translation>例如：A01（受理编号的前缀）</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="155"/>
        <source>Desk name</source>
        <translation>服务台名称</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="155"/>
        <source>e.g. 一号窗口</source>
        <translation>例如：一号窗口</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="156"/>
        <source>Desk phone</source>
        <translation>服务台电话</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="156"/>
        <source>printed on every receipt</source>
        <translation>将印在每张回执上</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="157"/>
        <source>Administrator user name</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="158"/>
        <source>Administrator&apos;s name</source>
        <translation>管理员姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="159"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="159"/>
        <source>at least 8, letters and digits</source>
        <translation>至少8位，须含字母和数字</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="161"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="163"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="165"/>
        <location filename="../../app/views/login.py" line="175"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="167"/>
        <source>This desk</source>
        <translation>本服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="169"/>
        <source>Desk code *</source>
        <translation>服务台代码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="170"/>
        <source>Desk name *</source>
        <translation>服务台名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="171"/>
        <source>Desk phone *</source>
        <translation>服务台电话 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="172"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="174"/>
        <source>User name *</source>
        <translation>用户名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="176"/>
        <source>Password *</source>
        <translation>密码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="177"/>
        <source>Repeat *</source>
        <translation>确认密码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="179"/>
        <location filename="../../app/views/login.py" line="180"/>
        <source>Finish set-up</source>
        <translation>完成设置</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="183"/>
        <source>Load the demo community…</source>
        <translation>加载演示社区…</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="184"/>
        <source>Load the demo community</source>
        <translation>加载演示社区</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="186"/>
        <source>Join the street (take this community&apos;s data from the street&apos;s server)…</source>
        <translation>加入街道（从街道服务器取得本社区的数据）…</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="187"/>
        <source>Join the street</source>
        <translation>加入街道</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="225"/>
        <source>Please correct the fields marked in red.</source>
        <translation>请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="241"/>
        <source>Load the demo community?</source>
        <translation>加载演示社区？</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="242"/>
        <source>The demo community (about 300 residents and 200 requests, all invented) is written into this data folder instead of your own community. Use it to look around; set up your own community in a fresh data folder later. Continue?</source>
        <translation>将在本数据文件夹中生成演示社区（约300位居民、200件诉求，均为虚构），而不是设置您自己的社区。演示社区仅供熟悉软件；您自己的社区以后请在新的数据文件夹中设置。是否继续？</translation>
    </message>
</context>
<context>
    <name>FollowUpPage</name>
    <message>
        <location filename="../../app/views/followup_page.py" line="102"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="103"/>
        <source>Read the list again</source>
        <translation>重新读取列表</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="105"/>
        <source>Resolved</source>
        <translation>办结时间</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="106"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="107"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="107"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="108"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="109"/>
        <source>No answer</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="111"/>
        <source>Requests waiting for the follow-up call</source>
        <translation>待回访的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="116"/>
        <source>No request is waiting for its follow-up call.</source>
        <translation>没有待回访的诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="154"/>
        <source>Open the request</source>
        <translation>打开诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="155"/>
        <source>Open this request&apos;s page</source>
        <translation>打开这件诉求的详情页</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="160"/>
        <source>Reported</source>
        <translation>反映内容</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="161"/>
        <source>What was done</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="162"/>
        <source>Unanswered calls</source>
        <translation>未接通记录</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="183"/>
        <source>The resident&apos;s answer</source>
        <translation>居民的回答</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="187"/>
        <source>Note (may be left empty)</source>
        <translation>备注（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="188"/>
        <source>Note, if any (Enter records too)</source>
        <translation>备注（可不填，按 Enter 也会记录）</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="194"/>
        <source>Record ({keys})</source>
        <translation>记录（{keys}）</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="195"/>
        <source>Record the answer chosen</source>
        <translation>记录选中的回答</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="198"/>
        <source>Press the number of the answer (1-5), then Enter: the next request comes up.</source>
        <translation>按回答前的数字（1-5），再按 Enter：自动转到下一件。</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="226"/>
        <source>No answer this time</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="231"/>
        <source>{n} calls, {days} days</source>
        <translation>{days} 天 {n} 次</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="235"/>
        <source>None yet.</source>
        <translation>还没有。</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="237"/>
        <source>{n} calls on {days} days: {list}</source>
        <translation>{days} 天共 {n} 次：{list}</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="239"/>
        <source>Could not be reached may be recorded (5).</source>
        <translation>可以记为无法联系（5）。</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="240"/>
        <source>Could not be reached needs unanswered calls on {n} different days.</source>
        <translation>要记为无法联系，需在 {n} 个不同的日子未接通。</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="268"/>
        <source>{n} requests wait for the call; the oldest {shown} are listed.</source>
        <translation>有 {n} 件待回访；列出最早的 {shown} 件。</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="271"/>
        <source>{n} requests wait for the call.</source>
        <translation>有 {n} 件待回访。</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="301"/>
        <source>No phone number on file</source>
        <translation>没有登记电话</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="304"/>
        <source>The resident&apos;s own phone: {phone}</source>
        <translation>居民本人电话：{phone}</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="309"/>
        <source>, call by {time}: overdue</source>
        <translation>，应在 {time} 前回访：已超时</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="309"/>
        <source>, call by {time}</source>
        <translation>，应在 {time} 前回访</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="311"/>
        <source>{category} · logged {logged} · resolved {resolved}{due}</source>
        <translation>{category} · {logged} 受理 · {resolved} 办结{due}</translation>
    </message>
    <message>
        <location filename="../../app/views/followup_page.py" line="372"/>
        <source>{no} ({resident}): {answer} recorded.</source>
        <translation>{no}（{resident}）：已记录“{answer}”。</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../app/views/form_dialog.py" line="67"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FrequentCallersLine</name>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="83"/>
        <source>&lt;a href=&quot;{id}&quot;&gt;{name}&lt;/a&gt; {n} requests (latest {no}, {category})</source>
        <translation>&lt;a href=&quot;{id}&quot;&gt;{name}&lt;/a&gt; {n} 件（最近 {no}，{category}）</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="87"/>
        <source>Asked often this month: {names}</source>
        <translation>本月多次来电：{names}</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="89"/>
        <source>and {n} more (see the dashboard)</source>
        <translation>另有 {n} 人（见数据看板）</translation>
    </message>
</context>
<context>
    <name>FrequentCallersPanel</name>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="31"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="32"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="33"/>
        <source>Requests</source>
        <translation>诉求件数</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="34"/>
        <source>Of them repeats</source>
        <translation>其中重复诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="35"/>
        <source>Calls recorded on earlier requests</source>
        <translation>记到原诉求上的来电</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="36"/>
        <source>Latest request</source>
        <translation>最近一件诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="39"/>
        <source>Residents who asked often</source>
        <translation>多次来电的居民</translation>
    </message>
    <message>
        <location filename="../../app/views/frequent_callers.py" line="41"/>
        <source>Residents with {n} or more requests in one month (this month, then last month). Double-click or press Enter to open the resident&apos;s page.</source>
        <translation>一个月内有 {n} 件或以上诉求的居民（本月，然后是上月）。双击或按 Enter 打开居民详情页。</translation>
    </message>
</context>
<context>
    <name>GridsTab</name>
    <message>
        <location filename="../../app/views/settings/grids.py" line="28"/>
        <location filename="../../app/views/settings/grids.py" line="61"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="29"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="30"/>
        <location filename="../../app/views/settings/grids.py" line="65"/>
        <location filename="../../app/views/settings/grids.py" line="76"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="30"/>
        <source>(none: requests cannot go there)</source>
        <translation>（无：诉求无法派到这里）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="31"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="32"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="33"/>
        <source>Open requests</source>
        <translation>在办诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="34"/>
        <source>In use</source>
        <translation>使用状态</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="34"/>
        <source>yes</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="34"/>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="36"/>
        <source>New grid worker…</source>
        <translation>新建网格员…</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="37"/>
        <source>Create a grid worker&apos;s account</source>
        <translation>为网格员建立登录账号</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="57"/>
        <source>Change grid</source>
        <translation>修改网格</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="57"/>
        <source>New grid</source>
        <translation>新增网格</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="59"/>
        <source>Requests from the grid&apos;s households go to its grid worker. A new grid worker takes new requests; those already dispatched stay with whoever has them.</source>
        <translation>网格内住户的诉求派给该网格的网格员。更换网格员后，新诉求派给新网格员；已派出的诉求仍由原经办人办理。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="62"/>
        <source>e.g. G01</source>
        <translation>例如 G01</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="63"/>
        <location filename="../../app/views/settings/grids.py" line="95"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="64"/>
        <source>e.g. 第一网格</source>
        <translation>例如 第一网格</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="66"/>
        <source>(nobody yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="70"/>
        <source> (also {grids})</source>
        <translation>（兼管 {grids}）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="74"/>
        <source>Code *</source>
        <translation>编号 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="75"/>
        <location filename="../../app/views/settings/grids.py" line="100"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="90"/>
        <source>New grid worker</source>
        <translation>新建网格员</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="91"/>
        <source>The grid worker logs in with this user name and password, and should change the password at the first log-in.</source>
        <translation>网格员用这个用户名和密码登录，首次登录后请修改密码。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="93"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="94"/>
        <source>e.g. zhaowg (letters and digits)</source>
        <translation>例如 zhaowg（字母和数字）</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="96"/>
        <location filename="../../app/views/settings/grids.py" line="101"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="97"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="99"/>
        <source>User name *</source>
        <translation>用户名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="102"/>
        <source>Password *</source>
        <translation>密码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/grids.py" line="106"/>
        <source>The account of {name} is made; choose it as a grid&apos;s worker with Change….</source>
        <translation>已为 {name} 建立账号；请选中网格，点“修改…”把他设为网格员。</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="113"/>
        <source>Group activity</source>
        <translation>集体活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="114"/>
        <source>Activity of {team}</source>
        <translation>{team}的活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="119"/>
        <source>Volunteer team</source>
        <translation>志愿服务队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="120"/>
        <location filename="../../app/views/timebank/dialogs.py" line="122"/>
        <source>Activity</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="121"/>
        <source>e.g. stairwell clean-up, Building 3</source>
        <translation>例如：3号楼楼道大扫除</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="123"/>
        <location filename="../../app/views/timebank/dialogs.py" line="124"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="125"/>
        <location filename="../../app/views/timebank/dialogs.py" line="127"/>
        <source>Kind of service</source>
        <translation>服务类别</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="129"/>
        <location filename="../../app/views/timebank/dialogs.py" line="132"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="133"/>
        <location filename="../../app/views/timebank/dialogs.py" line="135"/>
        <source>From</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="134"/>
        <location filename="../../app/views/timebank/dialogs.py" line="136"/>
        <source>To</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="137"/>
        <source>Filter volunteers</source>
        <translation>筛选志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="138"/>
        <source>Type to narrow the list; tick who took part</source>
        <translation>输入姓名筛选；勾选参加的志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="139"/>
        <source>Volunteers who took part</source>
        <translation>参加的志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="155"/>
        <source>Who took part</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="156"/>
        <location filename="../../app/views/timebank/dialogs.py" line="157"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="189"/>
        <source>{n} volunteer(s) ticked</source>
        <translation>已勾选 {n} 名志愿者</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../app/views/help_window.py" line="140"/>
        <source>User guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="141"/>
        <source>Search the guide</source>
        <translation>在使用指南中查找</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="142"/>
        <source>Search: type a word, e.g. 回执</source>
        <translation>查找：输入一个词，例如 回执</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="147"/>
        <source>Contents of the guide</source>
        <translation>使用指南目录</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="152"/>
        <source>Page of the guide</source>
        <translation>使用指南页面</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="159"/>
        <location filename="../../app/views/help_window.py" line="160"/>
        <source>Print the shortcut card</source>
        <translation>打印快捷键卡片</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="201"/>
        <source>User guide: {title}</source>
        <translation>使用指南：{title}</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="224"/>
        <source>Found on {n} page(s).</source>
        <translation>在 {n} 页中找到。</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="228"/>
        <source>“{word}” is not in the guide.</source>
        <translation>使用指南中没有“{word}”。</translation>
    </message>
</context>
<context>
    <name>HolidaysPanel</name>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="58"/>
        <source>Time limits in working days (工作日) skip the official holidays and count the weekend days worked in their place (调休上班). The calendar shipped with the program knows the years listed below; for a later year, enter the State Council&apos;s holiday notice (published each November) here: each holiday as a range of days, each worked Saturday or Sunday as a day. Until a year is entered, its working days are counted by weekends alone and its deadlines are marked provisional.</source>
        <translation>按工作日计算的时限跳过国家法定节假日，调休上班的周六、周日照常计算。程序自带的日历知道下面列出的年份；以后的年份，请在国务院办公厅每年11月发布节假日安排通知后在这里录入：每个假期录一段日期，每个调休上班的周六或周日录一天。一年没有录入之前，只按周末推算工作日，时限标为“暂定”。</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="75"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="76"/>
        <location filename="../../app/views/holidays_panel.py" line="146"/>
        <location filename="../../app/views/holidays_panel.py" line="154"/>
        <source>Arrangement</source>
        <translation>安排</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="76"/>
        <source>Worked (调休上班)</source>
        <translation>调休上班</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="77"/>
        <location filename="../../app/views/holidays_panel.py" line="147"/>
        <source>Holiday (放假)</source>
        <translation>放假</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="78"/>
        <location filename="../../app/views/holidays_panel.py" line="150"/>
        <location filename="../../app/views/holidays_panel.py" line="155"/>
        <source>Holiday</source>
        <translation>节日名称</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="80"/>
        <source>Holidays entered</source>
        <translation>已录入的节假日</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="82"/>
        <source>Enter days…</source>
        <translation>录入…</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="83"/>
        <source>Enter a holiday or a worked weekend day</source>
        <translation>录入一个假期或调休上班日</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="84"/>
        <source>Import a file…</source>
        <translation>从文件导入…</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="85"/>
        <source>Import the notice from a csv or xlsx file</source>
        <translation>从 csv 或 xlsx 表格导入节假日安排</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="86"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="87"/>
        <source>Remove the chosen days</source>
        <translation>删除选中的日子</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="110"/>
        <source>Known years: {package} (shipped with the program)</source>
        <translation>已知年份：{package}（程序自带）</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="114"/>
        <source>; {years} (entered here)</source>
        <translation>；{years}（在此录入）</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="116"/>
        <source>; {years} begun (provisional until its 国庆节 is entered)</source>
        <translation>；{years}（已录入一部分，录到国庆节之前仍为暂定）</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="121"/>
        <source>The holidays of {year} are not entered yet: deadlines in working days that run into {year} are provisional.</source>
        <translation>{year}年的节假日安排尚未录入：跨入{year}年的工作日时限为暂定。</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="128"/>
        <source>Enter holidays</source>
        <translation>录入节假日</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="129"/>
        <source>A holiday of several days is one range (e.g. 国庆节 10-01 to 10-07, 放假); a worked weekend day is a range of one day (上班).</source>
        <translation>几天的假期录一段（例如 国庆节 10月1日至10月7日，放假）；调休上班的周末录一天（上班）。</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="132"/>
        <location filename="../../app/views/holidays_panel.py" line="152"/>
        <source>First day</source>
        <translation>第一天</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="133"/>
        <location filename="../../app/views/holidays_panel.py" line="153"/>
        <source>Last day</source>
        <translation>最后一天</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="148"/>
        <source>Worked weekend day (调休上班)</source>
        <translation>调休上班</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="151"/>
        <source>e.g. 春节</source>
        <translation>例如 春节</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="167"/>
        <source>{n} days entered. The deadlines of open requests in working days were worked out again.</source>
        <translation>已录入 {n} 天。按工作日计算的未办结诉求已重新计算时限。</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="171"/>
        <source>Choose the holiday notice file</source>
        <translation>选择节假日安排文件</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="172"/>
        <source>Spreadsheets (*.csv *.xlsx)</source>
        <translation>表格文件 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="177"/>
        <source>{n} days imported from {file}. The deadlines of open requests in working days were worked out again.</source>
        <translation>已从 {file} 导入 {n} 天。按工作日计算的未办结诉求已重新计算时限。</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="183"/>
        <source>Choose the days to remove in the list first.</source>
        <translation>请先在列表中选中要删除的日子。</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="185"/>
        <source>Remove these days?</source>
        <translation>删除这些日子？</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="186"/>
        <source>{n} days will be taken out of the table; they count as the calendar shipped with the program has them, or as ordinary weekdays and weekends in a year it does not know.</source>
        <translation>将从表中删除 {n} 天；这些日子按程序自带的日历计算，自带日历没有的年份按平常的工作日和周末计算。</translation>
    </message>
    <message>
        <location filename="../../app/views/holidays_panel.py" line="191"/>
        <source>{n} days removed.</source>
        <translation>已删除 {n} 天。</translation>
    </message>
</context>
<context>
    <name>HomeHotSpots</name>
    <message>
        <location filename="../../app/views/hot_spots.py" line="260"/>
        <source>Hot spots of the last {days} days: {n} (the same problem {k} or more times in one building). Double-click one to see its requests.</source>
        <translation>最近 {days} 天的热点：{n} 处（同一栋楼、同一类问题 {k} 件或以上）。双击一行查看这些诉求。</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../app/views/home_page.py" line="72"/>
        <source>New request ({keys})</source>
        <translation>新登记 ({keys})</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="74"/>
        <source>Log a new request</source>
        <translation>登记新诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="76"/>
        <source>Receipt of the chosen request</source>
        <translation>所选诉求回执</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="77"/>
        <source>Show the receipt of the chosen request again</source>
        <translation>再次显示所选诉求的回执</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="86"/>
        <source>Set up now</source>
        <translation>去设置</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="87"/>
        <source>Open the set-up screen for the first missing item</source>
        <translation>打开第一项待办的设置页面</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="101"/>
        <source>Enter the holidays</source>
        <translation>录入节假日</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="102"/>
        <source>Open the holidays of the time limits page</source>
        <translation>打开时限规则页的节假日安排</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="119"/>
        <source>Case no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="120"/>
        <source>Logged</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="121"/>
        <source>Channel</source>
        <translation>受理方式</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="122"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="123"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="124"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="125"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="126"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="127"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="128"/>
        <source>Resolution time limit</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="130"/>
        <location filename="../../app/views/home_page.py" line="135"/>
        <source>Latest requests</source>
        <translation>最近诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="212"/>
        <source>The official holidays of {year} are not entered yet: time limits in working days that run into {year} count weekends only and are marked provisional. Enter the State Council&apos;s holiday notice for {year}.</source>
        <translation>{year}年的法定节假日安排尚未录入：跨入{year}年的工作日时限只按周末推算，标为“暂定”。请按国务院办公厅的通知录入{year}年的节假日安排。</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="218"/>
        <source>Before this desk can dispatch requests:</source>
        <translation>本服务台开始派单前，还需要：</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="223"/>
        <source>{community} · {desk}</source>
        <translation>{community} · {desk}</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="225"/>
        <source>Requests logged today: {n}</source>
        <translation>今日已登记诉求：{n} 件</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="232"/>
        <source>Choose a request in the list first.</source>
        <translation>请先在列表中选择一件诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="245"/>
        <location filename="../../app/views/home_page.py" line="246"/>
        <source>Receipt {no}</source>
        <translation>回执 {no}</translation>
    </message>
</context>
<context>
    <name>HotSpotRequestsDialog</name>
    <message>
        <location filename="../../app/views/hot_spots.py" line="52"/>
        <source>{building} · {problem}: {n} request(s)</source>
        <translation>{building} · {problem}：{n} 件</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="55"/>
        <source>Case no.</source>
        <translation>诉求编号</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="56"/>
        <source>Logged</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="57"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="58"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="59"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="62"/>
        <source>Requests of this hot spot</source>
        <translation>这处热点的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="70"/>
        <source>Double-click a request, or press Enter, to open it.</source>
        <translation>双击或按 Enter 打开诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="71"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>HotSpotsSection</name>
    <message>
        <location filename="../../app/views/hot_spots.py" line="129"/>
        <source>At least this many requests</source>
        <translation>至少这么多件</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="130"/>
        <source>Within this many days</source>
        <translation>在这么多天内</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="138"/>
        <source>Same building, same problem:</source>
        <translation>同一栋楼、同一类问题：</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="139"/>
        <source>or more requests within</source>
        <translation>件或以上，在</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="139"/>
        <source>days</source>
        <translation>天内</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="167"/>
        <source>{n} hot spot(s). Double-click one, or press Enter, to see its requests.</source>
        <translation>{n} 处热点。双击或按 Enter 查看这些诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="168"/>
        <source>No hot spot in this period at these thresholds.</source>
        <translation>按这个标准，本期没有热点。</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="144"/>
        <source>Household {address}</source>
        <translation>户信息：{address}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="145"/>
        <source>Living here: {names}</source>
        <translation>现住人员：{names}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="145"/>
        <source>nobody now</source>
        <translation>目前无人</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="146"/>
        <location filename="../../app/views/resident_dialogs.py" line="154"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="148"/>
        <source>(no grid)</source>
        <translation>（未划网格）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="153"/>
        <location filename="../../app/views/resident_dialogs.py" line="156"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="155"/>
        <source>Household</source>
        <translation>户情况</translation>
    </message>
</context>
<context>
    <name>IdReveal</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="89"/>
        <source>Show ID number</source>
        <translation>显示身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="89"/>
        <source>Hide ID number</source>
        <translation>隐藏身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="90"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="90"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="92"/>
        <source>Show the whole ID number</source>
        <translation>显示完整身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="93"/>
        <source>Shows the whole ID number for {n} seconds; the desk records who looked at whose number (操作记录).</source>
        <translation>显示完整身份证号{n}秒；谁看了谁的号码会记入操作记录。</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <location filename="../../app/views/intake_page.py" line="135"/>
        <source>Open this request</source>
        <translation>打开此诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="136"/>
        <source>Open the page of the request just saved</source>
        <translation>打开刚保存的诉求详情</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="142"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="143"/>
        <source>Restore the unsaved request</source>
        <translation>恢复未保存的登记</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="144"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="145"/>
        <source>Discard the unsaved request</source>
        <translation>丢弃未保存的登记</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="156"/>
        <source>How the request came in</source>
        <translation>受理方式</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="159"/>
        <location filename="../../app/views/intake_page.py" line="224"/>
        <source>Caller&apos;s number</source>
        <translation>来电号码</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="160"/>
        <source>e.g. 13812345678 or 0412-5581234</source>
        <translation>例如：13812345678 或 0412-5581234</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="166"/>
        <source>Restart</source>
        <translation>重新计时</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="167"/>
        <source>Restart the call timer</source>
        <translation>重新开始通话计时</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="171"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="172"/>
        <source>Add a new resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="173"/>
        <source>Add a resident who is not on file yet ({keys})</source>
        <translation>添加尚未登记的居民 ({keys})</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="180"/>
        <source>Category</source>
        <translation>诉求类别</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="181"/>
        <source>Sub-category</source>
        <translation>子类</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="182"/>
        <source>Description</source>
        <translation>诉求描述</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="184"/>
        <source>What is the problem, where, since when, what the resident asks</source>
        <translation>什么问题、在哪里、从何时开始、居民有什么要求</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="190"/>
        <location filename="../../app/views/intake_page.py" line="233"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="193"/>
        <source>Who is affected</source>
        <translation>影响范围</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="196"/>
        <source>Departments involved</source>
        <translation>涉及部门</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="213"/>
        <source>Reset to rule</source>
        <translation>按规定</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="214"/>
        <source>Set the deadline by the category&apos;s rule</source>
        <translation>按该类别的规定设置时限</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="216"/>
        <source>Keep me anonymous on public notices</source>
        <translation>公示时匿名</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="217"/>
        <source>Anonymous in public</source>
        <translation>公示时匿名</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="218"/>
        <source>A repeat of an earlier request</source>
        <translation>重复诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="223"/>
        <source>Channel</source>
        <translation>受理方式</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="227"/>
        <source>Resident *</source>
        <translation>居民 *</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="228"/>
        <source>Category *</source>
        <translation>诉求类别 *</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="229"/>
        <source>Sub-category *</source>
        <translation>子类 *</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="230"/>
        <source>Repeat request</source>
        <translation>重复诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="232"/>
        <source>Description *</source>
        <translation>诉求描述 *</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="234"/>
        <source>Affected</source>
        <translation>影响范围</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="235"/>
        <source>Departments</source>
        <translation>涉及部门</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="240"/>
        <source>Save and print receipt ({keys})</source>
        <translation>保存并打印回执 ({keys})</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="244"/>
        <source>Save only ({keys})</source>
        <translation>仅保存 ({keys})</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="270"/>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="242"/>
        <source>Save and print the receipt</source>
        <translation>保存并打印回执</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="205"/>
        <source>Resolution time limit (the expected deadline)</source>
        <translation>办结时限（期望解决时限）</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="236"/>
        <source>Resolution time limit</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="246"/>
        <source>Save without printing</source>
        <translation>保存但不打印</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="247"/>
        <source>Clear form</source>
        <translation>清空表单</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="248"/>
        <source>Clear the form</source>
        <translation>清空表单</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="387"/>
        <location filename="../../app/views/intake_page.py" line="401"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="399"/>
        <source>— choose the category first —</source>
        <translation>— 请先选择类别 —</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="423"/>
        <source>Filled in when you choose the category.</source>
        <translation>选择类别后自动填写。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="432"/>
        <source>By rule: {days} working days</source>
        <translation>按规则：{days} 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="434"/>
        <source>By rule: {hours} h</source>
        <translation>按规定：{hours} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="436"/>
        <source> (provisional: the official holidays of {year} are not entered yet)</source>
        <translation>（暂定：{year}年节假日安排尚未录入）</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="444"/>
        <location filename="../../app/views/intake_page.py" line="808"/>
        <source>Set by hand</source>
        <translation>手动设置</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="464"/>
        <source>Call --:--</source>
        <translation>通话 --:--</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="473"/>
        <source>Call {m:02d}:{s:02d}</source>
        <translation>通话 {m:02d}:{s:02d}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="489"/>
        <source>{n} / {max} characters</source>
        <translation>{n} / {max} 字</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="555"/>
        <source>&amp;Repeat of {no} ({day}, {status}): the same problem</source>
        <translation>重复诉求(&amp;R)：重复 {no}（{day}，{status}），同一问题</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="607"/>
        <source>Choose one of the similar requests first.</source>
        <translation>请先选择一件相似诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="609"/>
        <source>Add to request {no}?</source>
        <translation>并入诉求 {no}？</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="610"/>
        <source>This report will not open a new case: it is added to request {no} ({summary}), which will then cover one more household. The resident gets a receipt with that case number.</source>
        <translation>本次反映不另行立案，而是并入诉求 {no}（{summary}），该诉求涉及户数将增加一户。居民将拿到该受理编号的回执。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="619"/>
        <source>Request {no} is {status}: a call cannot be recorded on it. Save this as a new request; it is marked as a repeat of {no} when it is the same problem.</source>
        <translation>诉求 {no} {status}：不能再记来电。请作为新诉求保存；是同一问题的，会标为重复 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="632"/>
        <source>Record this call on request {no}?</source>
        <translation>把这次来电记到诉求 {no} 上？</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="633"/>
        <source>No new request is opened: what the resident says this time (the description) goes on the timeline of request {no} ({category}: {summary}), which is still open. The resident gets a receipt with that number.</source>
        <translation>不新开诉求：居民这次说的内容（诉求内容）记到仍在办理的诉求 {no}（{category}：{summary}）的进展里。居民拿到的是这个编号的回执。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="670"/>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="673"/>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="683"/>
        <source>Saved as {no}, but the receipt could not be written: {err}</source>
        <translation>已保存，受理编号 {no}，但回执未能生成：{err}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="688"/>
        <source>This call was recorded on request {no} (a repeat call); no new request was opened.</source>
        <translation>这次来电已记到诉求 {no} 上（重复来电），没有新开诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="690"/>
        <source>Added to request {no}: it now covers {n} household(s).</source>
        <translation>已并入诉求 {no}，现共涉及 {n} 户。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="692"/>
        <source>Saved. Case number {no}.</source>
        <translation>已保存，受理编号 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="698"/>
        <source>Receipt {no}</source>
        <translation>回执 {no}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="761"/>
        <source>An unsaved request from {when} was found ({what}). Restore it?</source>
        <translation>发现 {when} 未保存的登记（{what}），是否恢复？</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="818"/>
        <source>The unsaved request was restored.</source>
        <translation>未保存的登记已恢复。</translation>
    </message>
</context>
<context>
    <name>IntegrityStatus</name>
    <message>
        <location filename="../../app/views/integrity_status.py" line="68"/>
        <source>The database was checked: it is sound.</source>
        <translation>数据库已检查完毕：完好无损。</translation>
    </message>
    <message>
        <location filename="../../app/views/integrity_status.py" line="73"/>
        <source>The database is damaged: nothing can be saved. Ask the administrator to restore the newest backup.</source>
        <translation>数据库已损坏，现在不能保存任何内容。请联系管理员恢复最近的备份。</translation>
    </message>
    <message>
        <location filename="../../app/views/integrity_status.py" line="84"/>
        <source>Weekly check of the database… {percent}% (you can work meanwhile)</source>
        <translation>每周例行检查数据库…… {percent}%（检查时可以照常工作）</translation>
    </message>
    <message>
        <location filename="../../app/views/integrity_status.py" line="86"/>
        <source>The database file was changed while the desk was closed: checking it… {percent}%. Logging in and saving wait until the check is done.</source>
        <translation>数据库文件在服务台关闭期间被改动过，正在检查…… {percent}%。检查完成后才能登录和保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/integrity_status.py" line="88"/>
        <source>The desk was not closed properly last time: checking the database… {percent}%. Logging in and saving wait until the check is done.</source>
        <translation>上次没有正常关闭，正在检查数据库…… {percent}%。检查完成后才能登录和保存。</translation>
    </message>
</context>
<context>
    <name>ItemDialog</name>
    <message>
        <location filename="../../app/views/council_page.py" line="258"/>
        <source>New item of {title}</source>
        <translation>新增议定事项：{title}</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="259"/>
        <source>Correct item {seq} of {title}</source>
        <translation>更正议定事项：{title} 第 {seq} 项</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="260"/>
        <location filename="../../app/views/council_page.py" line="263"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="261"/>
        <source>The problem as the council put it, e.g. the east gate&apos;s lamps are out</source>
        <translation>按议事会的说法填写，例如：东门路灯不亮</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="264"/>
        <source>Department responsible</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="265"/>
        <source>(none: name the person or unit below)</source>
        <translation>（无：请在下方填写责任人或责任单位）</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="270"/>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="271"/>
        <source>Person or unit responsible</source>
        <translation>责任人或责任单位</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="272"/>
        <source>e.g. property manager, community director</source>
        <translation>例如：物业经理、社区主任</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="273"/>
        <source>Responsible</source>
        <translation>责任人/单位</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="276"/>
        <location filename="../../app/views/council_page.py" line="277"/>
        <source>Deadline</source>
        <translation>完成时限</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="284"/>
        <source>Meeting: {title}, held on {day}</source>
        <translation>议事会：{title}，{day} 召开</translation>
    </message>
</context>
<context>
    <name>JoinDeskDialog</name>
    <message>
        <location filename="../../app/views/join_desk.py" line="23"/>
        <source>A new desk</source>
        <translation>新服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="24"/>
        <source>Register this desk</source>
        <translation>登记本服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="26"/>
        <source>This database already has the community 「{community}」. An administrator registers a new desk for this PC: its code starts the numbers of the requests logged here, its name and phone are printed on its receipts.</source>
        <translation>本数据库已有社区「{community}」，请管理员为这台电脑登记一个新的服务台：在这里登记的诉求编号以服务台代码开头，服务台名称和电话印在回执上。</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="36"/>
        <source>Desk code *</source>
        <translation>服务台代码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="36"/>
        <source>e.g. A02</source>
        <translation>如 A02</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="37"/>
        <source>Desk name *</source>
        <translation>服务台名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="37"/>
        <source>e.g. 二号窗口</source>
        <translation>如 二号窗口</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="38"/>
        <source>Desk phone *</source>
        <translation>服务台电话 *</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="38"/>
        <source>printed on every receipt</source>
        <translation>将印在每张回执上</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="39"/>
        <source>Administrator user name *</source>
        <translation>管理员用户名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/join_desk.py" line="40"/>
        <source>Administrator password *</source>
        <translation>管理员密码 *</translation>
    </message>
</context>
<context>
    <name>JoinStreetDialog</name>
    <message>
        <location filename="../../app/views/join_street.py" line="24"/>
        <location filename="../../app/views/join_street.py" line="25"/>
        <source>Join the street</source>
        <translation>加入街道</translation>
    </message>
    <message>
        <location filename="../../app/views/join_street.py" line="27"/>
        <source>Enter the address the street&apos;s administrator gave for this desk. The desk then takes this community&apos;s data from the street&apos;s server, works on its own copy (also when the network is down), and syncs with the street every two minutes.</source>
        <translation>请输入街道管理员为本服务台提供的地址。加入后，本服务台从街道服务器取得本社区的数据，在本机副本上工作（断网时也能照常办理），并每两分钟与街道同步一次。</translation>
    </message>
    <message>
        <location filename="../../app/views/join_street.py" line="30"/>
        <source>Street server address</source>
        <translation>街道服务器地址</translation>
    </message>
    <message>
        <location filename="../../app/views/join_street.py" line="32"/>
        <source>Street server address *</source>
        <translation>街道服务器地址 *</translation>
    </message>
    <message>
        <location filename="../../app/views/join_street.py" line="43"/>
        <source>Connecting to the street&apos;s server and taking this community&apos;s data… The first time this may take a few minutes.</source>
        <translation>正在连接街道服务器并取得本社区的数据……第一次可能需要几分钟。</translation>
    </message>
</context>
<context>
    <name>ListsPage</name>
    <message>
        <location filename="../../app/views/lists_page.py" line="77"/>
        <source>Age from</source>
        <translation>年龄从</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="77"/>
        <location filename="../../app/views/lists_page.py" line="78"/>
        <location filename="../../app/views/lists_page.py" line="83"/>
        <location filename="../../app/views/lists_page.py" line="109"/>
        <location filename="../../app/views/lists_page.py" line="112"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="78"/>
        <source>Age up to</source>
        <translation>年龄到</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="81"/>
        <source> years</source>
        <translation> 岁</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="82"/>
        <location filename="../../app/views/lists_page.py" line="127"/>
        <location filename="../../app/views/lists_page.py" line="244"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="83"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="83"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="94"/>
        <location filename="../../app/views/lists_page.py" line="130"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="95"/>
        <source>e.g. 3, 5</source>
        <translation>例如 3、5</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="97"/>
        <location filename="../../app/views/lists_page.py" line="98"/>
        <source>Has open requests</source>
        <translation>有未办结的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="99"/>
        <source>Had a request in the last</source>
        <translation>近期有诉求：近</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="100"/>
        <source>Had a request in the last N days</source>
        <translation>近 N 天内有诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="101"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="103"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="105"/>
        <source>Is a volunteer</source>
        <translation>是志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="106"/>
        <source>Time-bank balance at least</source>
        <translation>时间银行余额不少于</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="111"/>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="112"/>
        <source>Points balance at least</source>
        <translation>积分余额不少于</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="115"/>
        <source>Who moved away</source>
        <translation>已迁出的居民</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="116"/>
        <source>Living here only</source>
        <translation>只列在册居民</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="117"/>
        <source>Also who moved away</source>
        <translation>包括已迁出的居民</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="118"/>
        <source>Only who moved away</source>
        <translation>只列已迁出的居民</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="120"/>
        <location filename="../../app/views/lists_page.py" line="121"/>
        <source>Clear conditions</source>
        <translation>清除条件</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="125"/>
        <location filename="../../app/views/lists_page.py" line="245"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="125"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="126"/>
        <source>Up to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="128"/>
        <location filename="../../app/views/lists_page.py" line="248"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="129"/>
        <source>Grids and buildings</source>
        <translation>网格与楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="131"/>
        <source>Requests</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="134"/>
        <source>Volunteering and points</source>
        <translation>志愿与积分</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="136"/>
        <source>Time bank at least</source>
        <translation>时间银行不少于</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="137"/>
        <source>Points at least</source>
        <translation>积分不少于</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="138"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="138"/>
        <source>Moved away</source>
        <translation>迁出</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="148"/>
        <source>Saved lists</source>
        <translation>保存的名单</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="150"/>
        <source>Open with today&apos;s data</source>
        <translation>用今天的数据打开</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="151"/>
        <source>Open the saved list with today&apos;s data</source>
        <translation>用今天的数据打开保存的名单</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="152"/>
        <location filename="../../app/views/lists_page.py" line="469"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="153"/>
        <source>Delete the saved list</source>
        <translation>删除保存的名单</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="159"/>
        <location filename="../../app/views/lists_page.py" line="196"/>
        <source>List name</source>
        <translation>名单名称</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="160"/>
        <source>Name, e.g. 90岁以上老人（送奶）</source>
        <translation>名称，例如 90岁以上老人（送奶）</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="167"/>
        <location filename="../../app/views/lists_page.py" line="168"/>
        <source>Save list</source>
        <translation>保存名单</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="176"/>
        <source>The list</source>
        <translation>名单</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="177"/>
        <source>Large print</source>
        <translation>大字版</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="178"/>
        <source>Print in large type</source>
        <translation>用大字打印</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="179"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="180"/>
        <source>Print the list</source>
        <translation>打印名单</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="181"/>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="182"/>
        <source>Export the list to Excel</source>
        <translation>把名单导出为 Excel</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="183"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="184"/>
        <source>Export the list to CSV</source>
        <translation>把名单导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="192"/>
        <source>Saved lists (ready-made first)</source>
        <translation>保存的名单（系统预设的在前）</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="243"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="243"/>
        <source> (moved away)</source>
        <translation>（已迁出）</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="246"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="247"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="249"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="250"/>
        <source>Open requests</source>
        <translation>未办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="280"/>
        <source>Tag {name}</source>
        <translation>标签 {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="286"/>
        <source>Grid {name}</source>
        <translation>网格 {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="292"/>
        <source>Buildings of the register: {list}</source>
        <translation>花名册中的楼栋：{list}</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="362"/>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="369"/>
        <source>{n} resident(s)</source>
        <translation>共 {n} 人</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="376"/>
        <source>Please correct the conditions marked in red.</source>
        <translation>请修改红字标出的条件。</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="409"/>
        <source> (ready-made)</source>
        <translation>（系统预设）</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="437"/>
        <source>The list {name} is saved: open it any time to run it with that day&apos;s data.</source>
        <translation>名单“{name}”已保存：以后随时打开，会按当天的数据列出。</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="444"/>
        <source>Select a saved list first.</source>
        <translation>请先选择一份保存的名单。</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="467"/>
        <source>Retire the ready-made list {name}? No desk will see it any more.</source>
        <translation>停用系统预设的名单“{name}”？各服务台都将不再看到它。</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="468"/>
        <source>Delete the list {name}? It is the desk&apos;s: nobody will see it any more.</source>
        <translation>删除名单“{name}”？这是本服务台共用的名单，删除后大家都看不到了。</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="478"/>
        <source>List</source>
        <translation>名单</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="490"/>
        <source>Correct the conditions marked in red first: the list cannot be printed or exported as it is.</source>
        <translation>请先改正红字标出的条件：现在的名单不能打印或导出。</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="494"/>
        <source>{n} resident(s) on {pages} page(s).</source>
        <translation>共 {n} 人，{pages} 页。</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="503"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="503"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="504"/>
        <source>Export the list</source>
        <translation>导出名单</translation>
    </message>
    <message>
        <location filename="../../app/views/lists_page.py" line="517"/>
        <source>{n} resident(s) were exported to {path}. The file holds residents&apos; names, phone numbers and addresses: keep it in the office.</source>
        <translation>已将 {n} 人导出到 {path}。文件中有居民的姓名、电话和住址，请留在办公室内使用。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="98"/>
        <source>Desk locked</source>
        <translation>服务台已锁定</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="102"/>
        <source>This desk was locked because nobody used it for a while.</source>
        <translation>服务台一段时间无人操作，已自动锁定。</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="103"/>
        <source>You locked this desk.</source>
        <translation>您已锁定本服务台。</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="108"/>
        <source>{name}, please type your password to go on. Your open work is kept.</source>
        <translation>{name}，请输入密码继续。正在办理的内容都已保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="111"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="117"/>
        <location filename="../../app/views/account_dialogs.py" line="118"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="121"/>
        <source>Another person: log out</source>
        <translation>换人使用：注销</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="122"/>
        <source>Log out so another person can log in</source>
        <translation>注销，以便其他人登录</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/views/login.py" line="56"/>
        <source>Community Desk {version}</source>
        <translation>社区服务台 {version}</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="58"/>
        <location filename="../../app/views/login.py" line="76"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="59"/>
        <location filename="../../app/views/login.py" line="77"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="66"/>
        <source>Opening the database, please wait…</source>
        <translation>正在打开数据库，请稍候…</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="46"/>
        <location filename="../../app/views/login.py" line="72"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/main_window.py" line="139"/>
        <source>Areas</source>
        <translation>功能导航</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="154"/>
        <source>Home</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="156"/>
        <source>New request</source>
        <translation>诉求登记</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="160"/>
        <source>Requests</source>
        <translation>诉求列表</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="158"/>
        <source>Dashboard</source>
        <translation>数据看板</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="161"/>
        <source>Request</source>
        <translation>诉求详情</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="163"/>
        <source>Follow-up calls</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="165"/>
        <source>Residents</source>
        <translation>居民查询</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="167"/>
        <source>Register</source>
        <translation>居民户籍</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="168"/>
        <source>Lists</source>
        <translation>名单</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="170"/>
        <source>Duties and visits</source>
        <translation>事项与走访</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="172"/>
        <source>Resource list</source>
        <translation>资源清单</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="174"/>
        <source>Employment help</source>
        <translation>就业帮扶</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="176"/>
        <source>Notices</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="178"/>
        <source>Time bank</source>
        <translation>时间银行</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="180"/>
        <source>Points</source>
        <translation>积分管理</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="182"/>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="184"/>
        <source>Set-up</source>
        <translation>系统设置</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="185"/>
        <source>Time limits</source>
        <translation>时限规则</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="187"/>
        <source>Audit trail</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="200"/>
        <source>User: {name} ({role})</source>
        <translation>用户：{name}（{role}）</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="203"/>
        <source>Desk: {code} {name}</source>
        <translation>服务台：{code} {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="222"/>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="399"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="400"/>
        <source>&amp;New request</source>
        <translation>新登记(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="405"/>
        <source>&amp;Backup and restore…</source>
        <translation>备份与恢复(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="409"/>
        <source>&amp;Sync with the street now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="416"/>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="419"/>
        <source>&amp;Lock the desk</source>
        <translation>锁定服务台(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="423"/>
        <source>&amp;Log out</source>
        <translation>注销(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="427"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="431"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="432"/>
        <source>&amp;User guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="436"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键一览(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="440"/>
        <source>&amp;Print the shortcut card</source>
        <translation>打印快捷键卡片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="445"/>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="450"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="456"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="458"/>
        <source>&amp;Font size</source>
        <translation>字体大小(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="471"/>
        <source>&amp;Larger</source>
        <translation>放大(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="472"/>
        <source>&amp;Smaller</source>
        <translation>缩小(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="500"/>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="590"/>
        <source>This page cannot be opened</source>
        <translation>此页面无法打开</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="720"/>
        <location filename="../../app/views/main_window.py" line="724"/>
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="721"/>
        <source>The log folder {path} cannot be created: {error}</source>
        <translation>无法创建日志文件夹 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="725"/>
        <source>The log files are in {path}</source>
        <translation>日志文件在 {path}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="762"/>
        <location filename="../../app/views/main_window.py" line="765"/>
        <source>Shortcut card</source>
        <translation>快捷键卡片</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="763"/>
        <source>The shortcut card could not be written: {reason}</source>
        <translation>快捷键卡片没有写成：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="772"/>
        <source>About Community Desk</source>
        <translation>关于社区服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="773"/>
        <source>&lt;h3&gt;Community Desk {version}&lt;/h3&gt;&lt;p&gt;Front-desk software for community service centres: requests, receipts and notices, working offline.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;社区服务台 {version}&lt;/h3&gt;&lt;p&gt;社区服务中心前台软件：诉求登记、回执和公示，无需联网即可使用。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <location filename="../../app/views/council_page.py" line="166"/>
        <source>New council meeting</source>
        <translation>新增议事会</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="167"/>
        <source>Correct the meeting {title}</source>
        <translation>更正议事会：{title}</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="172"/>
        <location filename="../../app/views/council_page.py" line="175"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="176"/>
        <location filename="../../app/views/council_page.py" line="180"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="177"/>
        <source>(choose the building)</source>
        <translation>（请选择楼栋）</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="181"/>
        <location filename="../../app/views/council_page.py" line="185"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="182"/>
        <source>(choose the grid)</source>
        <translation>（请选择网格）</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="186"/>
        <location filename="../../app/views/council_page.py" line="188"/>
        <source>Topic</source>
        <translation>议题</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="187"/>
        <source>e.g. parking in front of Building 3</source>
        <translation>例如：3号楼前停车问题</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="189"/>
        <location filename="../../app/views/council_page.py" line="192"/>
        <source>Held on</source>
        <translation>召开日期</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="193"/>
        <location filename="../../app/views/council_page.py" line="195"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="194"/>
        <source>e.g. community meeting room</source>
        <translation>例如：社区会议室</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="197"/>
        <source>Attendees</source>
        <translation>参会人员</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="198"/>
        <source>Requests behind the topics</source>
        <translation>议题涉及的诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="199"/>
        <source>Request numbers, separated by commas or spaces</source>
        <translation>诉求编号，用逗号或空格隔开</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="200"/>
        <source>Requests</source>
        <translation>相关诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="201"/>
        <source>What was decided</source>
        <translation>会议决议</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="202"/>
        <source>What the council agreed, as it may be posted</source>
        <translation>议事会的决议（将公示，请用居民看得懂的话填写）</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="203"/>
        <source>Decided</source>
        <translation>决议</translation>
    </message>
    <message>
        <location filename="../../app/views/council_page.py" line="217"/>
        <source>The items (problem, who answers for it, deadline) are added on the page after saving.</source>
        <translation>保存后，请在页面上逐项添加议定事项（问题、责任方、完成时限）。</translation>
    </message>
</context>
<context>
    <name>MembersBox</name>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="86"/>
        <source>Filter volunteers</source>
        <translation>筛选志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="87"/>
        <source>Type to narrow the list</source>
        <translation>输入姓名筛选</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="88"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="126"/>
        <source>{n} ticked</source>
        <translation>已勾选 {n} 人</translation>
    </message>
</context>
<context>
    <name>MerchantDialog</name>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="63"/>
        <source>Edit merchant</source>
        <translation>修改商家</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="63"/>
        <source>New merchant</source>
        <translation>新增商家</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="64"/>
        <source>Partner on the resource list</source>
        <translation>资源清单中的合作单位</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="65"/>
        <source>(a new partner)</source>
        <translation>（新增合作单位）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="68"/>
        <source>On the resource list</source>
        <translation>资源清单</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="75"/>
        <location filename="../../app/views/points/dialogs.py" line="76"/>
        <source>Name</source>
        <translation>商家名称</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="77"/>
        <location filename="../../app/views/points/dialogs.py" line="82"/>
        <source>Category</source>
        <translation>商家类别</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="84"/>
        <location filename="../../app/views/points/dialogs.py" line="85"/>
        <source>Yuan per 100 points</source>
        <translation>结算标准（元/100积分）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="86"/>
        <location filename="../../app/views/points/dialogs.py" line="87"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="88"/>
        <location filename="../../app/views/points/dialogs.py" line="89"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="90"/>
        <location filename="../../app/views/points/dialogs.py" line="91"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="92"/>
        <source>Active partner</source>
        <translation>合作中</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="94"/>
        <location filename="../../app/views/points/dialogs.py" line="95"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="208"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="209"/>
        <source>Merge a duplicate record</source>
        <translation>合并重复记录</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="212"/>
        <source>The duplicate {who} is kept, marked merged, and drops out of the look-up. Its requests, points and time-bank hours move to the record you keep; nothing is deleted.</source>
        <translation>重复记录 {who} 不删除，标记为已合并，不再出现在查找结果中。它的诉求、积分和时间银行时长转到您保留的记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="220"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="221"/>
        <source>e.g. registered twice, once without the ID number</source>
        <translation>例如：登记了两次，其中一次没有身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="222"/>
        <source>Record to keep</source>
        <translation>保留的记录</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="223"/>
        <source>What moves</source>
        <translation>转移内容</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="224"/>
        <source>Reason *</source>
        <translation>原因 *</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="251"/>
        <source>{cases} request(s), {points} points and {hours} time-bank hours move to {name}.</source>
        <translation>将转到 {name}：诉求 {cases} 件、积分 {points} 分、时间银行 {hours} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="254"/>
        <source>The volunteer record {number} goes with them.</source>
        <translation>志愿者登记 {number} 一并转过去。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="266"/>
        <source>Merge {dup} into {keep}?</source>
        <translation>把 {dup} 合并到 {keep}？</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="267"/>
        <source>This cannot be undone.</source>
        <translation>此操作无法撤回。</translation>
    </message>
</context>
<context>
    <name>MessageDialog</name>
    <message>
        <location filename="../../app/views/message_dialog.py" line="56"/>
        <source>Send a message · {no}</source>
        <translation>发消息 · {no}</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="62"/>
        <source>Which message</source>
        <translation>哪条消息</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="74"/>
        <source>The message</source>
        <translation>消息内容</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="82"/>
        <source>The resident is addressed by surname only, and names and numbers in the text are masked: a message may be forwarded.</source>
        <translation>称呼居民只用姓，内容里的姓名和号码已遮挡：消息可能被转发。</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="86"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="87"/>
        <source>Copy the message to the clipboard</source>
        <translation>把消息复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="88"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="89"/>
        <source>Print the message on a slip</source>
        <translation>把消息打印成告知单</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="90"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="97"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="98"/>
        <source>Send as</source>
        <translation>发送方式</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="145"/>
        <source>{n} characters: {parts} text message(s). One holds {one} characters; a longer message goes in parts of {part}.</source>
        <translation>{n} 个字：{parts} 条短信。一条最多 {one} 个字；更长的按每条 {part} 个字分开发。</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="149"/>
        <source>{n} characters.</source>
        <translation>{n} 个字。</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="159"/>
        <source>Copied: paste it into the text message or WeChat. The timeline records it.</source>
        <translation>已复制：粘贴到短信或微信里发送。进展记录已记下。</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="176"/>
        <source>Message slip</source>
        <translation>告知单</translation>
    </message>
    <message>
        <location filename="../../app/views/message_dialog.py" line="178"/>
        <source>Printed. The timeline records it.</source>
        <translation>已打印。进展记录已记下。</translation>
    </message>
</context>
<context>
    <name>MessageTemplatesTab</name>
    <message>
        <location filename="../../app/views/settings/messages.py" line="61"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="62"/>
        <source>Sent as</source>
        <translation>发送方式</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="63"/>
        <source>Words</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="63"/>
        <source>changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="63"/>
        <source>built-in</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="65"/>
        <location filename="../../app/views/settings/messages.py" line="159"/>
        <source>Message templates</source>
        <translation>消息模板</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="66"/>
        <source>The words of the message</source>
        <translation>消息内容</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="78"/>
        <source>Insert the field {name}</source>
        <translation>插入字段 {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="82"/>
        <source>Fields are written in 【】 as on the buttons and filled from the request when the message is sent; the resident is addressed by surname only (张先生 / 张女士), and names and numbers in the request&apos;s words are masked. Any other 【 or 】 is refused.</source>
        <translation>字段像按钮上那样写在【】里，发送时按诉求填写；称呼居民只用姓（张先生 / 张女士），诉求内容里的姓名和号码会遮挡。其他的【或】不能用。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="96"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="97"/>
        <source>Save these words</source>
        <translation>保存这段内容</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="98"/>
        <location filename="../../app/views/settings/messages.py" line="99"/>
        <location filename="../../app/views/settings/messages.py" line="220"/>
        <source>Restore the built-in words</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="111"/>
        <source>Preview on a sample request</source>
        <translation>用示例诉求预览</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="160"/>
        <source>The words of the message you were editing are not saved. Leave them?</source>
        <translation>正在编辑的消息还没有保存。不保存了吗？</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="202"/>
        <source>{n} characters: {parts} text message(s). One holds {one} characters; a longer message goes in parts of {part}. The request&apos;s own words make it longer or shorter.</source>
        <translation>{n} 个字：{parts} 条短信。一条最多 {one} 个字；更长的按每条 {part} 个字分开发。实际长度随诉求内容增减。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="207"/>
        <source>{n} characters.</source>
        <translation>{n} 个字。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="221"/>
        <source>Use the built-in words for this message again? The words written here are dropped.</source>
        <translation>这条消息改回默认内容？这里写的内容将不再保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/messages.py" line="230"/>
        <source>Saved: {kind} by {channel}.</source>
        <translation>已保存：{kind}（{channel}）。</translation>
    </message>
</context>
<context>
    <name>NewResidentPanel</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="465"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="470"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="471"/>
        <location filename="../../app/views/resident_widgets.py" line="497"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="472"/>
        <location filename="../../app/views/resident_widgets.py" line="498"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="474"/>
        <location filename="../../app/views/resident_widgets.py" line="499"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="475"/>
        <source>(from ID number)</source>
        <translation>（按身份证号）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="476"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="477"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="478"/>
        <location filename="../../app/views/resident_widgets.py" line="481"/>
        <source>Building</source>
        <translation>楼号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="479"/>
        <location filename="../../app/views/resident_widgets.py" line="481"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="480"/>
        <location filename="../../app/views/resident_widgets.py" line="481"/>
        <source>Room</source>
        <translation>室号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="492"/>
        <source>bldg</source>
        <translation>号楼</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="492"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="493"/>
        <source>room</source>
        <translation>室</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="496"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="500"/>
        <source>Address *</source>
        <translation>地址 *</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="501"/>
        <source>Household</source>
        <translation>住户情况</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="502"/>
        <location filename="../../app/views/resident_widgets.py" line="503"/>
        <source>Save resident</source>
        <translation>保存居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="504"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>NotDoneDialog</name>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="112"/>
        <source>Record not done</source>
        <translation>记录未完成</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="113"/>
        <source>{title} · {place} · due {due}. It moves on to its next date.</source>
        <translation>{title} · {place} · 应办日期 {due}。记录后排到下一次。</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="115"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="116"/>
        <source>e.g. 家中无人，电话未接</source>
        <translation>如 家中无人，电话未接</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="117"/>
        <source>Why not done *</source>
        <translation>未完成的原因 *</translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <location filename="../../app/views/notices_page.py" line="60"/>
        <source>Which notice</source>
        <translation>公示类型</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="62"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="63"/>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="64"/>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="65"/>
        <source>Large print for elderly readers</source>
        <translation>大字版（方便老年人阅读）</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="66"/>
        <source>Large print</source>
        <translation>大字版</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="67"/>
        <source>16 pt text; landscape fits more of each request on a line.</source>
        <translation>正文为16磅大字；横向打印时每行可显示更多诉求内容。</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="68"/>
        <source>Make and preview</source>
        <translation>生成并预览</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="69"/>
        <source>Make the notice and preview it</source>
        <translation>生成公示并预览</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="77"/>
        <location filename="../../app/views/notices_page.py" line="104"/>
        <source>Notice</source>
        <translation>公示</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="80"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="83"/>
        <source>Requests logged</source>
        <translation>诉求登记日期</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="88"/>
        <location filename="../../app/views/notices_page.py" line="108"/>
        <source>Print</source>
        <translation>打印格式</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="89"/>
        <source>Make a public notice</source>
        <translation>生成公示</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="96"/>
        <source>Residents appear masked (张*, 匿名); phone and ID numbers and rooms are removed from the text, and only progress notes marked public are shown. A notice printed or saved is recorded below.</source>
        <translation>居民姓名脱敏显示（张*、匿名）；正文中的电话、身份证号和房号均已删除，只显示标为公示的进展。打印或保存过的公示会记录在下方。</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="103"/>
        <source>Published</source>
        <translation>发布时间</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="105"/>
        <source>By</source>
        <translation>发布人</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="106"/>
        <source>Requests</source>
        <translation>诉求数</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="107"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="109"/>
        <source>Masked</source>
        <translation>已隐去</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="111"/>
        <location filename="../../app/views/notices_page.py" line="116"/>
        <source>Published notices</source>
        <translation>已发布的公示</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="113"/>
        <source>Show again</source>
        <translation>再次查看</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="114"/>
        <source>Show the published notice again</source>
        <translation>再次查看已发布的公示</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="128"/>
        <source>Public notices</source>
        <translation>诉求公示</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="129"/>
        <source>Council meetings (议事会)</source>
        <translation>议事会</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="164"/>
        <source>Requests and how they were handled (居民诉求办理情况公示)</source>
        <translation>居民诉求办理情况公示</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="166"/>
        <source>Council decisions of the period: {level}</source>
        <translation>本期议事会决议：{level}</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="169"/>
        <source>Council decisions: {title} ({day})</source>
        <translation>议事会决议：{title}（{day}）</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="185"/>
        <source>landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="185"/>
        <source>portrait</source>
        <translation>纵向</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="187"/>
        <source>large print</source>
        <translation>大字版</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="231"/>
        <source>Making the notice…</source>
        <translation>正在生成公示…</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="251"/>
        <source>page %v of about %m</source>
        <translation>第 %v 页，共约 %m 页</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="266"/>
        <source>{title}: {pages} page(s). Print it or save it to publish it.</source>
        <translation>{title}：共 {pages} 页。打印或保存后即视为已发布。</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="268"/>
        <source>{where}: {kind} → {shown}</source>
        <translation>{where}：{kind} → {shown}</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="269"/>
        <source>(left out)</source>
        <translation>（已删去）</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="297"/>
        <source>Recorded as published: {title}.</source>
        <translation>已登记发布：{title}。</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="310"/>
        <source>Choose a published notice in the list first.</source>
        <translation>请先在列表中选择一份已发布的公示。</translation>
    </message>
    <message>
        <location filename="../../app/views/notices_page.py" line="315"/>
        <source>As published: {title}</source>
        <translation>发布原件：{title}</translation>
    </message>
</context>
<context>
    <name>OfferDialog</name>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="90"/>
        <source>Edit offer</source>
        <translation>修改服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="90"/>
        <source>New offer</source>
        <translation>新增服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="91"/>
        <source>What is offered</source>
        <translation>服务内容</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="92"/>
        <source>e.g. free clinic, open playground, 20% off housekeeping</source>
        <translation>例如：义诊、操场开放、家政8折</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="93"/>
        <source>What is offered *</source>
        <translation>服务内容 *</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="94"/>
        <location filename="../../app/views/partner_dialogs.py" line="95"/>
        <source>Days</source>
        <translation>服务日</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="94"/>
        <source>e.g. every Tuesday</source>
        <translation>例如：每周二</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="96"/>
        <location filename="../../app/views/partner_dialogs.py" line="97"/>
        <source>Times</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="98"/>
        <location filename="../../app/views/partner_dialogs.py" line="105"/>
        <source>Request classes served</source>
        <translation>对应的诉求类别</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="106"/>
        <location filename="../../app/views/partner_dialogs.py" line="108"/>
        <source>Words of a request</source>
        <translation>诉求关键词</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="107"/>
        <source>words in a request that call for it, separated by spaces</source>
        <translation>诉求中出现这些词时推荐此项服务，用空格隔开</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="109"/>
        <source>Offered now</source>
        <translation>当前提供</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="193"/>
        <source>Close the file</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="194"/>
        <source>{name}: once closed, nothing more is added to the file.</source>
        <translation>{name}：结案后，档案不能再添加任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="196"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="198"/>
        <source>Closed on</source>
        <translation>结案日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="199"/>
        <location filename="../../app/views/employment_dialogs.py" line="208"/>
        <source>Where (employer or business)</source>
        <translation>就业单位或创业项目</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="200"/>
        <source>e.g. 幸福里早餐铺</source>
        <translation>例如：幸福里早餐铺</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="201"/>
        <location filename="../../app/views/employment_dialogs.py" line="209"/>
        <source>Jobs the business created</source>
        <translation>带动就业人数</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="204"/>
        <location filename="../../app/views/employment_dialogs.py" line="210"/>
        <source>Why without a job</source>
        <translation>未就业原因</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="205"/>
        <source>e.g. 家中老人需要照顾，暂不求职</source>
        <translation>例如：家中老人需要照顾，暂不求职</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="206"/>
        <source>Outcome *</source>
        <translation>结果 *</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="207"/>
        <source>Closed on *</source>
        <translation>结案日期 *</translation>
    </message>
</context>
<context>
    <name>PartnerDialog</name>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="48"/>
        <source>Edit partner</source>
        <translation>修改合作单位</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="48"/>
        <source>New partner</source>
        <translation>新增合作单位</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="49"/>
        <source>A contact person or a phone number is needed: a resource nobody can reach cannot help.</source>
        <translation>联系人和电话至少填一项：联系不上的资源帮不上忙。</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="50"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="51"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="52"/>
        <location filename="../../app/views/partner_dialogs.py" line="57"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="58"/>
        <location filename="../../app/views/partner_dialogs.py" line="59"/>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="60"/>
        <location filename="../../app/views/partner_dialogs.py" line="61"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="62"/>
        <location filename="../../app/views/partner_dialogs.py" line="63"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="64"/>
        <location filename="../../app/views/partner_dialogs.py" line="65"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="66"/>
        <source>Active partner (suggested for requests)</source>
        <translation>合作中（办理诉求时推荐）</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="67"/>
        <source>Active partner</source>
        <translation>合作中</translation>
    </message>
</context>
<context>
    <name>PartnersPage</name>
    <message>
        <location filename="../../app/views/partners_page.py" line="47"/>
        <source>Find a partner</source>
        <translation>查找合作单位</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="48"/>
        <source>Name, contact, phone or offer</source>
        <translation>名称、联系人、电话或服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="50"/>
        <source>Year counted</source>
        <translation>统计年份</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="52"/>
        <source>Year </source>
        <translation>年份：</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="53"/>
        <source>Active only</source>
        <translation>只看合作中</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="54"/>
        <source>Active partners only</source>
        <translation>只显示合作中的单位</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="55"/>
        <source>New partner…</source>
        <translation>新增合作单位…</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="56"/>
        <source>New partner</source>
        <translation>新增合作单位</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="57"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="58"/>
        <source>Edit the partner</source>
        <translation>修改合作单位信息</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="59"/>
        <source>Record a contribution…</source>
        <translation>登记贡献…</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="60"/>
        <source>Record what the partner did or gave</source>
        <translation>登记合作单位提供的服务或物资</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="65"/>
        <source>Partner</source>
        <translation>合作单位</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="66"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="66"/>
        <source> · points</source>
        <translation> · 积分商家</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="67"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="68"/>
        <location filename="../../app/views/partners_page.py" line="81"/>
        <source>Offers</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="69"/>
        <source>Records</source>
        <translation>贡献次数</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="70"/>
        <source>Requests helped</source>
        <translation>协助诉求数</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="71"/>
        <location filename="../../app/views/partners_page.py" line="89"/>
        <source>People</source>
        <translation>人数/次数</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="73"/>
        <source>Partners</source>
        <translation>合作单位</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="77"/>
        <source>Offer</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="78"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="79"/>
        <source>Serves</source>
        <translation>适用诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="82"/>
        <source>New offer…</source>
        <translation>新增服务项目…</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="83"/>
        <source>New offer</source>
        <translation>新增服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="84"/>
        <source>Edit offer…</source>
        <translation>修改服务项目…</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="85"/>
        <source>Edit the offer</source>
        <translation>修改服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="87"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="88"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="90"/>
        <source>Request</source>
        <translation>诉求编号</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="91"/>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="93"/>
        <source>What it gave this year</source>
        <translation>本年贡献</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="98"/>
        <source>What it offers</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="103"/>
        <source>What it gave</source>
        <translation>贡献记录</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="135"/>
        <source>words: {words}</source>
        <translation>关键词：{words}</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="156"/>
        <source>{n} partners · {records} records in {year}</source>
        <translation>共 {n} 家合作单位 · {year}年贡献 {records} 次</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="177"/>
        <source>What {name} gave in {year}</source>
        <translation>{name} {year}年的贡献</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="195"/>
        <source>The partner is saved.</source>
        <translation>合作单位信息已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="200"/>
        <location filename="../../app/views/partners_page.py" line="208"/>
        <source>Select a partner first.</source>
        <translation>请先选择一家合作单位。</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="203"/>
        <source>The offer is saved.</source>
        <translation>服务项目已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/partners_page.py" line="211"/>
        <source>Recorded.</source>
        <translation>已登记。</translation>
    </message>
</context>
<context>
    <name>PassbooksTab</name>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="34"/>
        <source>Find volunteer</source>
        <translation>查找志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="35"/>
        <source>Name, pinyin, phone or last 4 digits, ID, or address</source>
        <translation>姓名、拼音、电话或尾号4位、身份证号、住址</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="37"/>
        <source>Register volunteer…</source>
        <translation>登记志愿者…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="38"/>
        <source>Register a volunteer</source>
        <translation>登记志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="39"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="40"/>
        <source>Edit the volunteer</source>
        <translation>修改志愿者信息</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="41"/>
        <source>Print passbook…</source>
        <translation>打印存折…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="42"/>
        <source>Print the passbook</source>
        <translation>打印存折</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="44"/>
        <source>No.</source>
        <translation>存折号</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="45"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="46"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="47"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="48"/>
        <source>Can help with</source>
        <translation>服务技能</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="49"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="50"/>
        <location filename="../../app/views/timebank/passbooks.py" line="62"/>
        <source>Balance (h)</source>
        <translation>结余（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="52"/>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="58"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="59"/>
        <source>Description</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="60"/>
        <source>In (h)</source>
        <translation>存入</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="61"/>
        <source>Out (h)</source>
        <translation>取出</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="63"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="63"/>
        <source>reversed</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="65"/>
        <source>Passbook lines</source>
        <translation>存折明细</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="66"/>
        <source>Reverse this entry…</source>
        <translation>冲正此笔…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="67"/>
        <source>Reverse the selected entry</source>
        <translation>冲正所选流水</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="108"/>
        <source>Choose a volunteer to see the passbook</source>
        <translation>选择志愿者查看存折</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="116"/>
        <source>{name}  {no}  balance {h} h</source>
        <translation>{name}  {no}  结余 {h} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="125"/>
        <source>{name} is registered as volunteer {no}.</source>
        <translation>{name} 已登记为志愿者，存折号 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="131"/>
        <location filename="../../app/views/timebank/passbooks.py" line="138"/>
        <source>Select a volunteer first.</source>
        <translation>请先选择志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="153"/>
        <source>Passbook of {name}</source>
        <translation>{name} 的存折</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="159"/>
        <source>Select the passbook line to reverse first.</source>
        <translation>请先选择要冲正的存折明细。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="162"/>
        <source>Reverse an entry</source>
        <translation>冲正</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="162"/>
        <source>Why is “{memo}” reversed?</source>
        <translation>为什么冲正“{memo}”？</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/passbooks.py" line="168"/>
        <source>Reversed: {memo}</source>
        <translation>已冲正：{memo}</translation>
    </message>
</context>
<context>
    <name>PatrolDialog</name>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="127"/>
        <source>Patrol log entry</source>
        <translation>民情日记</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="129"/>
        <source>Records the visit {title} at {place} done.</source>
        <translation>同时把 {place} 的“{title}”记为完成。</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="133"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="135"/>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="136"/>
        <source>3-2-301, 3号楼, or the place (东门小广场)</source>
        <translation>3-2-301、3号楼，或地点（如 东门小广场）</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="137"/>
        <location filename="../../app/views/duty_dialogs.py" line="144"/>
        <source>Who was seen</source>
        <translation>见到的人</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="138"/>
        <source>What was found</source>
        <translation>发现的情况</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="141"/>
        <source>When *</source>
        <translation>时间 *</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="143"/>
        <source>Where *</source>
        <translation>地点 *</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="145"/>
        <source>What was found *</source>
        <translation>发现的情况 *</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="73"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="74"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="75"/>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="76"/>
        <location filename="../../app/views/pdf_preview.py" line="144"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="77"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="79"/>
        <source>{pages} page(s) · {name}</source>
        <translation>共 {pages} 页 · {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="110"/>
        <source>What was masked</source>
        <translation>已隐去的内容</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="111"/>
        <source>Nothing personal was found in the texts.</source>
        <translation>文字中未发现个人信息。</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="114"/>
        <source>Word to hide on this notice</source>
        <translation>在本公示中隐去的词</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="115"/>
        <source>A name or word the masking missed</source>
        <translation>自动隐去遗漏的姓名或词语</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="116"/>
        <source>Hide on this notice</source>
        <translation>在本公示中隐去</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="118"/>
        <source>Hide the word and make the notice again</source>
        <translation>隐去该词并重新生成公示</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="122"/>
        <source>Masked on this notice ({n})</source>
        <translation>本公示已隐去（{n}处）</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="124"/>
        <source>Hide another word:</source>
        <translation>再隐去一个词：</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="140"/>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="145"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="153"/>
        <source>Saved: {name} (in the folder {folder}).</source>
        <translation>已保存：{name}（在“{folder}”文件夹）。</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="96"/>
        <source>Plan the help</source>
        <translation>制定帮扶方案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="97"/>
        <source>{name} · wishes: {wishes}</source>
        <translation>{name} · 求职意向：{wishes}</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="98"/>
        <source>Job referral (推荐岗位)</source>
        <translation>推荐岗位</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="98"/>
        <source>Job referral</source>
        <translation>推荐岗位</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="99"/>
        <source>Skills training (技能培训)</source>
        <translation>技能培训</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="100"/>
        <source>Skills training</source>
        <translation>技能培训</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="101"/>
        <source>Start-up help and a small loan guarantee (创业指导与小额贷款担保)</source>
        <translation>创业指导与小额贷款担保</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="102"/>
        <source>Start-up help and a small loan guarantee</source>
        <translation>创业指导与小额贷款担保</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="105"/>
        <location filename="../../app/views/employment_dialogs.py" line="110"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="105"/>
        <source>e.g. 先推荐保洁岗位，同时报名培训</source>
        <translation>例如：先推荐保洁岗位，同时报名培训</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="106"/>
        <source>Planned on</source>
        <translation>制定日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="107"/>
        <source>Measures *</source>
        <translation>帮扶措施 *</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="111"/>
        <source>Planned on *</source>
        <translation>制定日期 *</translation>
    </message>
</context>
<context>
    <name>PointsPage</name>
    <message>
        <location filename="../../app/views/points/page.py" line="38"/>
        <source>Redeem</source>
        <translation>兑换</translation>
    </message>
    <message>
        <location filename="../../app/views/points/page.py" line="39"/>
        <source>Vouchers</source>
        <translation>兑换券</translation>
    </message>
    <message>
        <location filename="../../app/views/points/page.py" line="40"/>
        <source>Award points</source>
        <translation>发放积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/page.py" line="41"/>
        <source>Merchants &amp;&amp; rewards</source>
        <translation>商家与兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/page.py" line="42"/>
        <source>Settlement</source>
        <translation>商家结算</translation>
    </message>
    <message>
        <location filename="../../app/views/points/page.py" line="44"/>
        <source>Earning rules &amp;&amp; expiry</source>
        <translation>积分规则与过期</translation>
    </message>
</context>
<context>
    <name>RecordsTab</name>
    <message>
        <location filename="../../app/views/timebank/records.py" line="59"/>
        <location filename="../../app/views/timebank/records.py" line="60"/>
        <location filename="../../app/views/timebank/records.py" line="98"/>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="62"/>
        <source>Served resident (optional)</source>
        <translation>服务对象（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="63"/>
        <location filename="../../app/views/timebank/records.py" line="64"/>
        <source>Kind of service</source>
        <translation>服务类别</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="67"/>
        <location filename="../../app/views/timebank/records.py" line="71"/>
        <location filename="../../app/views/timebank/records.py" line="96"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="72"/>
        <location filename="../../app/views/timebank/records.py" line="75"/>
        <source>From</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="73"/>
        <location filename="../../app/views/timebank/records.py" line="76"/>
        <source>To</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="77"/>
        <location filename="../../app/views/timebank/records.py" line="79"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="80"/>
        <source>Save record</source>
        <translation>保存服务记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="81"/>
        <source>Save the service record</source>
        <translation>保存服务记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="82"/>
        <source>Group activity…</source>
        <translation>集体活动…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="83"/>
        <source>Record a group activity</source>
        <translation>登记集体活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="84"/>
        <source>Record a service</source>
        <translation>登记一次服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="89"/>
        <location filename="../../app/views/timebank/records.py" line="118"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="91"/>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="97"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="99"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="101"/>
        <source>Served</source>
        <translation>服务对象</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="102"/>
        <source>Credit (h)</source>
        <translation>计入（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="103"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="104"/>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="105"/>
        <source>Verified by</source>
        <translation>核实人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="106"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="108"/>
        <source>Service records</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="110"/>
        <source>Verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="111"/>
        <source>Verify the selected records</source>
        <translation>核实所选记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="112"/>
        <source>Credit</source>
        <translation>入账</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="113"/>
        <source>Credit the selected records</source>
        <translation>所选记录入账</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="114"/>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="115"/>
        <source>Reject the selected records</source>
        <translation>驳回所选记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="149"/>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="152"/>
        <source>Recorded {h} h of {kind} for {name}; it is credited once verified.</source>
        <translation>已为 {name} 登记{kind} {h} 小时，核实后入账。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="161"/>
        <source>Recorded the activity for {n} volunteer(s); verify to credit them.</source>
        <translation>已为 {n} 名志愿者登记活动，核实后入账。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="170"/>
        <source>{n} record(s) verified.</source>
        <translation>已核实 {n} 条记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="185"/>
        <source>{message}

Donate what does not fit ({h} h) to the community pool?</source>
        <translation>{message}

是否将超出部分（{h} 小时）捐入社区互助池？</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="187"/>
        <source>Storage cap reached</source>
        <translation>已达存储上限</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="194"/>
        <source>{n} record(s) credited, {h} h in all.</source>
        <translation>已入账 {n} 条记录，共 {h} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="199"/>
        <source>Select the records first.</source>
        <translation>请先选择记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="201"/>
        <source>Reject records</source>
        <translation>驳回记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="201"/>
        <source>Why are these {n} record(s) rejected?</source>
        <translation>为什么驳回这 {n} 条记录？</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/records.py" line="207"/>
        <source>{n} record(s) rejected.</source>
        <translation>已驳回 {n} 条记录。</translation>
    </message>
</context>
<context>
    <name>RedeemTab</name>
    <message>
        <location filename="../../app/views/points/redeem.py" line="51"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="56"/>
        <source>Balance</source>
        <translation>积分结余</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="60"/>
        <source>Expires</source>
        <translation>到期情况</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="62"/>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="63"/>
        <location filename="../../app/views/points/redeem.py" line="71"/>
        <source>Reward</source>
        <translation>兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="64"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="65"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="66"/>
        <source>Valid</source>
        <translation>兑换期限</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="67"/>
        <source>Limit per resident</source>
        <translation>每人限兑</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="68"/>
        <source>Can redeem?</source>
        <translation>可否兑换</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="77"/>
        <source>Why the reward cannot be redeemed</source>
        <translation>不能兑换的原因</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="142"/>
        <source>Offered</source>
        <translation>可兑换</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="70"/>
        <source>Rewards</source>
        <translation>兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="72"/>
        <source>Redeem…</source>
        <translation>兑换…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="73"/>
        <source>Redeem the selected reward</source>
        <translation>兑换所选项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="79"/>
        <source>Print statement…</source>
        <translation>打印积分明细…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="80"/>
        <source>Print the points statement</source>
        <translation>打印积分明细</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="81"/>
        <source>Redeem a reward</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="124"/>
        <source>{n} points</source>
        <translation>{n} 积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="126"/>
        <source> ({n} lapsed, not usable)</source>
        <translation>（其中 {n} 积分已过期，不能使用）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="128"/>
        <source>{n} points valid until {day}</source>
        <translation>{n} 积分有效期至 {day}</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="129"/>
        <source>Nothing expires.</source>
        <translation>没有即将到期的积分。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="142"/>
        <source>Can redeem</source>
        <translation>可兑换</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="150"/>
        <source>Choose a reward in the list.</source>
        <translation>请在列表中选择兑换项目。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="154"/>
        <source>{points} points; {after} left after it.</source>
        <translation>需 {points} 积分，兑换后剩 {after} 积分。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="178"/>
        <source>Redeem</source>
        <translation>兑换</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="202"/>
        <source>Voucher {code}: {reward} for {name}, {points} points.</source>
        <translation>兑换券 {code}：{name} 兑换 {reward}，{points} 积分。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="148"/>
        <location filename="../../app/views/points/redeem.py" line="212"/>
        <source>Find the resident first.</source>
        <translation>请先查找居民。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="179"/>
        <source>Redeem {reward} ({merchant}) for {name}: {points} points.
Points before: {before}; after: {after}.</source>
        <translation>为 {name} 兑换 {reward}（{merchant}），用 {points} 积分。
兑换前 {before} 分，兑换后 {after} 分。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/redeem.py" line="226"/>
        <source>Points statement of {name}</source>
        <translation>{name} 的积分明细</translation>
    </message>
</context>
<context>
    <name>ReferDialog</name>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="166"/>
        <source>Refer to a resource · {no}</source>
        <translation>对接资源 · {no}</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="167"/>
        <source>Refer</source>
        <translation>对接</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="169"/>
        <source>{partner}: {offer} {when}
Contact: {reach}. The referral goes on the request&apos;s timeline and on the partner&apos;s record.</source>
        <translation>{partner}：{offer} {when}
联系方式：{reach}。这次对接将记入诉求的办理记录和该合作单位的贡献记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="172"/>
        <location filename="../../app/views/partner_dialogs.py" line="173"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_dialogs.py" line="172"/>
        <source>e.g. called the contact, visit on Friday</source>
        <translation>例如：已电话联系对方，周五上门</translation>
    </message>
</context>
<context>
    <name>ReferenceTab</name>
    <message>
        <location filename="../../app/views/settings/reference.py" line="38"/>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="39"/>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="40"/>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="41"/>
        <location filename="../../app/views/settings/reference.py" line="128"/>
        <location filename="../../app/views/settings/reference.py" line="165"/>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="42"/>
        <location filename="../../app/views/settings/reference.py" line="178"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="43"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="44"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="123"/>
        <source>Bring back</source>
        <translation>恢复使用</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="144"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="151"/>
        <source>Choose one in the list first.</source>
        <translation>请先在列表中选择一项。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="166"/>
        <source>Retire {name}? It stays on everything already recorded, and is no longer offered for new records. You can bring it back later.</source>
        <translation>停用“{name}”？已有记录上仍保留它，新登记时不再提供。以后可以恢复使用。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="169"/>
        <source>{name} is in use again.</source>
        <translation>“{name}”已恢复使用。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="169"/>
        <source>{name} is retired.</source>
        <translation>“{name}”已停用。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="179"/>
        <source>Delete {name}? Only something never used can be deleted; anything in use is retired instead.</source>
        <translation>删除“{name}”？只有从未使用过的项目才能删除；已使用的请改为停用。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/reference.py" line="182"/>
        <source>{name} is deleted.</source>
        <translation>“{name}”已删除。</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="123"/>
        <location filename="../../app/views/employment_dialogs.py" line="129"/>
        <location filename="../../app/views/employment_dialogs.py" line="145"/>
        <source>Interview result</source>
        <translation>面试结果</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="123"/>
        <source>New referral</source>
        <translation>新增岗位推荐</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="124"/>
        <source>Employer</source>
        <translation>用人单位</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="125"/>
        <source>e.g. 幸福里物业服务中心</source>
        <translation>例如：幸福里物业服务中心</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="126"/>
        <location filename="../../app/views/employment_dialogs.py" line="139"/>
        <source>Position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="126"/>
        <source>e.g. 保洁员</source>
        <translation>例如：保洁员</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="127"/>
        <source>Referred on</source>
        <translation>推荐日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="131"/>
        <location filename="../../app/views/employment_dialogs.py" line="146"/>
        <source>Interview on</source>
        <translation>面试日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="132"/>
        <source>How the job fits</source>
        <translation>工作适应度</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="132"/>
        <source>e.g. 适应良好</source>
        <translation>例如：适应良好</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="133"/>
        <source>Why not hired</source>
        <translation>未录用原因</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="133"/>
        <source>what the employer said</source>
        <translation>用人单位给出的原因</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="134"/>
        <source>What changes next</source>
        <translation>下一步调整</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="135"/>
        <source>e.g. 改推白班保洁岗位，或先参加培训</source>
        <translation>例如：改推白班保洁岗位，或先参加培训</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="137"/>
        <source>{name} · wishes: {wishes}</source>
        <translation>{name} · 求职意向：{wishes}</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="138"/>
        <source>Employer *</source>
        <translation>用人单位 *</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="140"/>
        <source>Referred on *</source>
        <translation>推荐日期 *</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="142"/>
        <source>{name} · {employer} {position}, referred on {day}</source>
        <translation>{name} · {employer} {position}，{day} 推荐</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="147"/>
        <source>How the job fits (工作适应度)</source>
        <translation>工作适应度</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="148"/>
        <source>Why not hired (needed when not hired)</source>
        <translation>未录用原因（未录用时必填）</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="149"/>
        <source>What changes next (needed when not hired)</source>
        <translation>下一步调整（未录用时必填）</translation>
    </message>
</context>
<context>
    <name>RegisterImportDialog</name>
    <message>
        <location filename="../../app/views/register_import.py" line="93"/>
        <source>Import the register from a spreadsheet</source>
        <translation>从表格导入居民花名册</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="107"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="123"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="124"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="130"/>
        <source>Columns of the file and what they hold</source>
        <translation>表格的各列及其内容</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="131"/>
        <source>Column in the file</source>
        <translation>表格中的列</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="131"/>
        <source>First values</source>
        <translation>前几个值</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="132"/>
        <source>Holds</source>
        <translation>对应内容</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="152"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="153"/>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="157"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="158"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="159"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="160"/>
        <source>Reason or changes</source>
        <translation>原因或改动</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="162"/>
        <source>What each row would do</source>
        <translation>每一行的导入结果</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="167"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="177"/>
        <location filename="../../app/views/register_import.py" line="178"/>
        <source>Back to the columns</source>
        <translation>返回列设置</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="179"/>
        <source>Check the rows</source>
        <translation>检查各行</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="180"/>
        <source>Check every row without importing anything</source>
        <translation>逐行检查，不导入任何数据</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="181"/>
        <source>Import the good rows</source>
        <translation>导入有效的行</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="182"/>
        <source>Cancel (import nothing)</source>
        <translation>取消（不导入任何数据）</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="183"/>
        <source>Close without importing anything</source>
        <translation>关闭，不导入任何数据</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="203"/>
        <source>Choose the register spreadsheet</source>
        <translation>选择居民花名册表格</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="204"/>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>表格文件 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="207"/>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="222"/>
        <source>{file}: {rows} rows under the headers on row {header}.</source>
        <translation>{file}：表头在第 {header} 行，其下共 {rows} 行。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="231"/>
        <source>These columns were chosen last time for a file with the same headers. Check them, then press Check the rows.</source>
        <translation>这些列是上次为相同表头的表格选择的。请核对后点击“检查各行”。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="233"/>
        <source>Say what each column holds (the name is required). Columns not needed stay &quot;not imported&quot;. Your choice is remembered for files with the same headers.</source>
        <translation>请为每一列选择对应的内容（姓名必选）。不需要的列保持“不导入”。您的选择会被记住，下次遇到相同表头的表格自动套用。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="240"/>
        <source>What column {header} holds</source>
        <translation>“{header}”列的内容</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="268"/>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="277"/>
        <source>{added} to add, {updated} to update, {unchanged} already as in the register, {refused} refused. Nothing is written until you press Import.</source>
        <translation>新增 {added} 人，更新 {updated} 人，{unchanged} 人与登记一致，拒绝 {refused} 行。点击导入之前不会写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="281"/>
        <source>Import {n} good rows</source>
        <translation>导入 {n} 行有效数据</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="289"/>
        <source>{file}, sheet {sheet}</source>
        <translation>{file}，工作表 {sheet}</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="292"/>
        <source>{n} row(s) are refused and will not be imported; each says why. Correct them in the spreadsheet and import it again, or import the good rows now.</source>
        <translation>有 {n} 行被拒绝，不会导入，每行都写明了原因。可以在表格中改正后重新导入，也可以现在先导入有效的行。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="319"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="328"/>
        <source>Imported: {added} added, {updated} updated. The {refused} refused row(s) were not imported.</source>
        <translation>导入完成：新增 {added} 人，更新 {updated} 人。被拒绝的 {refused} 行未导入。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="332"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <location filename="../../app/views/register_page.py" line="61"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="61"/>
        <location filename="../../app/views/register_page.py" line="184"/>
        <source>Building {n}</source>
        <translation>{n}号楼</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="62"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="63"/>
        <source>Marked</source>
        <translation>重点户</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="65"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="66"/>
        <source>Colour the rooms by</source>
        <translation>按标签上色</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="67"/>
        <location filename="../../app/views/register_page.py" line="149"/>
        <source>every tag</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="70"/>
        <source>The building&apos;s rooms</source>
        <translation>楼内房间</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="82"/>
        <source>Household</source>
        <translation>这一户</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="83"/>
        <location filename="../../app/views/register_page.py" line="191"/>
        <source>Choose a room.</source>
        <translation>请选择一个房间。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="88"/>
        <source>Who lives here</source>
        <translation>这一户的成员</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="89"/>
        <source>Resident&apos;s page</source>
        <translation>居民详情</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="90"/>
        <source>Everything about the chosen resident</source>
        <translation>查看所选居民的全部信息</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="91"/>
        <source>Household…</source>
        <translation>户信息…</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="92"/>
        <source>The household&apos;s grid, tags and notes</source>
        <translation>这一户的网格、标签和备注</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="105"/>
        <source>Colour by</source>
        <translation>按标签上色</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="164"/>
        <source>No buildings yet: add them in Set-up, or import the register.</source>
        <translation>还没有楼栋：请在系统设置里添加，或导入花名册。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="182"/>
        <source>{h} households, {p} residents</source>
        <translation>{h} 户，{p} 人</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="219"/>
        <source>Unit {u}</source>
        <translation>{u}单元</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="220"/>
        <source>Floor {n}</source>
        <translation>{n}层</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="220"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="233"/>
        <source>(empty)</source>
        <translation>未登记</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="236"/>
        <source>{n} people</source>
        <translation>{n} 人</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="245"/>
        <source>Unit {u}, room {r}</source>
        <translation>{u}单元 {r}室</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="247"/>
        <source> · {n} open request(s)</source>
        <translation> · {n} 件未办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="258"/>
        <source>Nobody is registered in this room.</source>
        <translation>这个房间没有登记住户。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="270"/>
        <source>{n} open request(s)</source>
        <translation>{n} 件未办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/register_page.py" line="302"/>
        <source>The household was saved.</source>
        <translation>这一户的信息已保存。</translation>
    </message>
</context>
<context>
    <name>RepliesList</name>
    <message>
        <location filename="../../app/views/canned_replies.py" line="29"/>
        <source>Canned replies</source>
        <translation>常用回复</translation>
    </message>
    <message>
        <location filename="../../app/views/canned_replies.py" line="34"/>
        <source>For any request</source>
        <translation>适用于所有诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/canned_replies.py" line="70"/>
        <source>Canned replies (1-9)</source>
        <translation>常用回复（1-9）</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="162"/>
        <source>Make a request of this entry</source>
        <translation>把这条日记登记为诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="163"/>
        <source>Make the request</source>
        <translation>登记诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="164"/>
        <source>{place}: {found}</source>
        <translation>{place}：{found}</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="168"/>
        <source>For whom</source>
        <translation>反映人</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="174"/>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="175"/>
        <location filename="../../app/views/duty_dialogs.py" line="180"/>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="176"/>
        <source>Sub-category</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="186"/>
        <location filename="../../app/views/duty_dialogs.py" line="192"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="187"/>
        <location filename="../../app/views/duty_dialogs.py" line="193"/>
        <source>Who is affected</source>
        <translation>影响范围</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="189"/>
        <source>For whom *</source>
        <translation>反映人 *</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="190"/>
        <source>Category *</source>
        <translation>类别 *</translation>
    </message>
    <message>
        <location filename="../../app/views/duty_dialogs.py" line="191"/>
        <source>Sub-category *</source>
        <translation>小类 *</translation>
    </message>
</context>
<context>
    <name>ResidentLookup</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="163"/>
        <source>Find resident</source>
        <translation>查找居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="164"/>
        <source>Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, or address (3-2-301)</source>
        <translation>姓名、拼音（zhangsan / zs）、电话或后4位、身份证号或地址（3-2-301）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="169"/>
        <source>Matching residents</source>
        <translation>匹配的居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="184"/>
        <source>Resident&apos;s page</source>
        <translation>居民详情</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="185"/>
        <source>Everything about this resident</source>
        <translation>查看这位居民的全部信息</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="324"/>
        <source>The first {n} shown: type more (the full name, or add the building) to narrow it down. ↓ to choose, Enter to take the first.</source>
        <translation>仅显示前 {n} 位：请多输入几个字（全名，或加上楼号）缩小范围。按 ↓ 选择，按 Enter 选第一位。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="328"/>
        <source>{n} found: ↓ to choose, Enter to take the first.</source>
        <translation>找到 {n} 位：按 ↓ 选择，按 Enter 选第一位。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="330"/>
        <source>Nobody found. Press {keys} to add a new resident.</source>
        <translation>未找到居民。按 {keys} 新增居民。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="432"/>
        <source>ID number {number}</source>
        <translation>身份证号 {number}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="439"/>
        <source>{n} open request(s)</source>
        <translation>{n} 件未办结诉求</translation>
    </message>
</context>
<context>
    <name>ResidentProfileDialog</name>
    <message>
        <location filename="../../app/views/resident_profile.py" line="52"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="75"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="70"/>
        <location filename="../../app/views/resident_profile.py" line="87"/>
        <source>Household</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="72"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="73"/>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="74"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="76"/>
        <source>Request</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="78"/>
        <location filename="../../app/views/resident_profile.py" line="86"/>
        <source>Requests</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="89"/>
        <source>Duty</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="90"/>
        <source>How often</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="91"/>
        <source>{cycle}, every {n}</source>
        <translation>{cycle}，每 {n} 次</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="92"/>
        <source>Next due</source>
        <translation>下次到期</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="93"/>
        <source>Responsible</source>
        <translation>责任人</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="95"/>
        <location filename="../../app/views/resident_profile.py" line="110"/>
        <source>Visits and duties</source>
        <translation>走访与事项</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="97"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="98"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="99"/>
        <source>Done</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="100"/>
        <source>Note</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="101"/>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="103"/>
        <source>Visits made</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="106"/>
        <source>Due:</source>
        <translation>待办：</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="108"/>
        <source>Latest visits and patrol notes:</source>
        <translation>最近的走访和民情日记：</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="137"/>
        <source>Resident: {name}</source>
        <translation>居民详情：{name}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="144"/>
        <source>Grid: {grid}</source>
        <translation>网格：{grid}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="147"/>
        <source>Time bank: {hours} hours · Points: {points}</source>
        <translation>时间银行：{hours} 小时 · 积分：{points}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="149"/>
        <source>Notes: {notes}</source>
        <translation>备注：{notes}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="155"/>
        <source>{n} request(s) in all; the latest {shown} here (double-click to open one).</source>
        <translation>共 {n} 件诉求，这里列出最近的 {shown} 件（双击打开）。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="156"/>
        <source>No requests.</source>
        <translation>没有诉求。</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <location filename="../../app/views/residents_page.py" line="45"/>
        <source>Find resident</source>
        <translation>查找居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="46"/>
        <source>Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, or address (3-2-301)</source>
        <translation>姓名、拼音（zhangsan / zs）、电话或后4位、身份证号或地址（3-2-301）</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="49"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="50"/>
        <source>Add a new resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="52"/>
        <location filename="../../app/views/residents_page.py" line="224"/>
        <source>Export this resident&apos;s data</source>
        <translation>导出此居民的数据</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="53"/>
        <source>Export everything stored about the selected resident, for them</source>
        <translation>导出所选居民的全部存储数据，交给本人</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="55"/>
        <location filename="../../app/views/residents_page.py" line="241"/>
        <source>Erase personal data</source>
        <translation>删除个人信息</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="56"/>
        <source>Blank the selected resident&apos;s personal data, keeping their requests anonymised</source>
        <translation>清除所选居民的个人信息，其诉求匿名保留</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="63"/>
        <source>Import register</source>
        <translation>导入名册</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="64"/>
        <source>Import residents from a spreadsheet (xlsx or csv)</source>
        <translation>从表格（xlsx 或 csv）导入居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="66"/>
        <source>Export register</source>
        <translation>导出名册</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="67"/>
        <source>Export the register to xlsx</source>
        <translation>把居民花名册导出为 xlsx 表格</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="68"/>
        <source>Download template</source>
        <translation>下载模板</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="69"/>
        <source>Save the blank register template</source>
        <translation>保存空白的花名册模板</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="81"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="82"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="82"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="82"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="83"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="84"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="85"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="86"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="87"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="88"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="89"/>
        <source>Open requests</source>
        <translation>未办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="90"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="92"/>
        <source>Residents found</source>
        <translation>查询结果</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="96"/>
        <source>Include moved away and deceased</source>
        <translation>含已迁出/已故</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="98"/>
        <source>Also find residents who moved away or died</source>
        <translation>查找时也包括已迁出和已故的居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="105"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="106"/>
        <source>Everything about the selected resident</source>
        <translation>查看所选居民的全部信息</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="188"/>
        <source>{n} resident(s) found</source>
        <translation>找到 {n} 位居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="190"/>
        <source>The first {n} residents by address; type to find anyone.</source>
        <translation>按地址列出前 {n} 位居民；输入姓名、拼音、电话或地址可查找任何人。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="192"/>
        <source>{n} resident(s) by address</source>
        <translation>按地址列出 {n} 位居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="225"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="233"/>
        <source>{name}&apos;s data ({cases} request(s)) was saved to {path}. It contains personal data: hand it only to the resident.</source>
        <translation>{name} 的数据（{cases} 件诉求）已保存到 {path}。文件含个人信息，只能交给本人。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="242"/>
        <source>Why is {name}&apos;s personal data erased (e.g. the resident&apos;s written request of today)?</source>
        <translation>为什么删除 {name} 的个人信息（例如：本人今日书面申请）？</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="246"/>
        <source>Erase {name}&apos;s personal data?</source>
        <translation>删除 {name} 的个人信息？</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="247"/>
        <source>Name, gender, birth date, phone, ID number and address link are blanked for good. Their requests stay, anonymised. This cannot be undone.</source>
        <translation>姓名、性别、出生日期、电话、身份证号和住址关联将被永久清除，其诉求匿名保留。此操作不能撤销。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="259"/>
        <source>{name}&apos;s personal data was erased; {n} request(s) are kept anonymised.</source>
        <translation>{name} 的个人信息已删除；{n} 件诉求匿名保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="262"/>
        <source>The case history of {cases} still mentions them and cannot be changed.</source>
        <translation>{cases} 的办理记录中仍提到此人，这些记录不可更改。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="271"/>
        <source>{name} was added.</source>
        <translation>已新增居民 {name}。</translation>
    </message>
</context>
<context>
    <name>ResourcePanel</name>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="31"/>
        <source>Resources that fit (resource list)</source>
        <translation>可对接的资源（资源清单）</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="39"/>
        <source>Partner</source>
        <translation>合作单位</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="39"/>
        <source> (referred)</source>
        <translation>（已对接）</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="40"/>
        <source>Offer</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="41"/>
        <source>Why</source>
        <translation>推荐理由</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="42"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="44"/>
        <source>Resources that fit</source>
        <translation>可对接的资源</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="49"/>
        <source>Refer to this resource…</source>
        <translation>对接这项资源…</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="50"/>
        <source>Refer the request to the resource selected</source>
        <translation>把诉求对接给所选资源</translation>
    </message>
    <message>
        <location filename="../../app/views/partner_suggestions.py" line="51"/>
        <source>Partners whose offers fit this request&apos;s class or its words.</source>
        <translation>服务项目与本诉求类别或关键词相符的合作单位。</translation>
    </message>
</context>
<context>
    <name>RevokeAwardDialog</name>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="219"/>
        <source>Revoke an award</source>
        <translation>撤销积分发放</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="220"/>
        <source>{points} points to {name} for {rule} on {day}{event}.</source>
        <translation>{day} 按“{rule}”向 {name} 发放 {points} 积分{event}。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="224"/>
        <location filename="../../app/views/points/dialogs.py" line="225"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="226"/>
        <source>e.g. entered for the wrong resident</source>
        <translation>例如：录错了居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="228"/>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>RewardDialog</name>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="128"/>
        <source>Edit reward</source>
        <translation>修改兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="128"/>
        <source>New reward</source>
        <translation>新增兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="129"/>
        <location filename="../../app/views/points/dialogs.py" line="130"/>
        <source>Name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="131"/>
        <location filename="../../app/views/points/dialogs.py" line="133"/>
        <source>Points price</source>
        <translation>所需积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="134"/>
        <location filename="../../app/views/points/dialogs.py" line="137"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="139"/>
        <location filename="../../app/views/points/dialogs.py" line="140"/>
        <source>Valid from</source>
        <translation>兑换开始日期</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="141"/>
        <location filename="../../app/views/points/dialogs.py" line="142"/>
        <source>Valid until</source>
        <translation>兑换截止日期</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="143"/>
        <location filename="../../app/views/points/dialogs.py" line="145"/>
        <source>Limit per resident</source>
        <translation>每人限兑次数</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="143"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="146"/>
        <source>Offered</source>
        <translation>可兑换</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="148"/>
        <location filename="../../app/views/points/dialogs.py" line="149"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="169"/>
        <source>Edit earning rule</source>
        <translation>修改积分规则</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="169"/>
        <source>New earning rule</source>
        <translation>新增积分规则</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="170"/>
        <location filename="../../app/views/points/dialogs.py" line="175"/>
        <source>Earned for</source>
        <translation>获取方式</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="176"/>
        <location filename="../../app/views/points/dialogs.py" line="177"/>
        <source>Name</source>
        <translation>规则名称</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="178"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="180"/>
        <source>Points (per hour or per occasion)</source>
        <translation>积分（每小时或每次）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="181"/>
        <location filename="../../app/views/points/dialogs.py" line="183"/>
        <source>Daily cap</source>
        <translation>每日上限</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="184"/>
        <location filename="../../app/views/points/dialogs.py" line="186"/>
        <source>Monthly cap</source>
        <translation>每月上限</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="181"/>
        <location filename="../../app/views/points/dialogs.py" line="184"/>
        <source>no cap</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="187"/>
        <location filename="../../app/views/points/dialogs.py" line="190"/>
        <source>Valid for (days)</source>
        <translation>有效期（天）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="188"/>
        <source>never expire</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="191"/>
        <source>In force</source>
        <translation>生效</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="193"/>
        <location filename="../../app/views/points/dialogs.py" line="194"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/points/dialogs.py" line="195"/>
        <source>A change applies to points awarded from now on; points already awarded keep theirs.</source>
        <translation>修改只对今后发放的积分有效；已发放的积分仍按原规则。</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="198"/>
        <source>Time-bank rules</source>
        <translation>时间银行规则</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="209"/>
        <location filename="../../app/views/timebank/dialogs.py" line="211"/>
        <location filename="../../app/views/timebank/dialogs.py" line="212"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="210"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="213"/>
        <source> yrs</source>
        <translation> 岁</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="214"/>
        <source>Round service time to</source>
        <translation>服务时长取整单位</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="215"/>
        <source>Most hours one person may hold</source>
        <translation>个人存储上限</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="216"/>
        <source>Most service credited per day</source>
        <translation>每日最多计入</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="217"/>
        <source>Records longer than this need a second person to verify</source>
        <translation>超过此时长的记录须由他人核实</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="219"/>
        <source>Pool grants from the age of</source>
        <translation>互助池发放对象年龄不低于</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="220"/>
        <source>Version {v}, since {at}</source>
        <translation>第 {v} 版，自 {at} 起执行</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="222"/>
        <source>Default rules (never changed)</source>
        <translation>默认规则（从未修改）</translation>
    </message>
</context>
<context>
    <name>RulesTab</name>
    <message>
        <location filename="../../app/views/points/rules.py" line="32"/>
        <source>Earned for</source>
        <translation>获取方式</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="33"/>
        <source>Rule name</source>
        <translation>规则名称</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="34"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="35"/>
        <source>Daily cap</source>
        <translation>每日上限</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="36"/>
        <source>Monthly cap</source>
        <translation>每月上限</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="37"/>
        <source>Valid for</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="37"/>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="38"/>
        <source>never expire</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="39"/>
        <source>In force</source>
        <translation>生效</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="39"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="39"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="40"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="42"/>
        <location filename="../../app/views/points/rules.py" line="47"/>
        <source>Earning rules</source>
        <translation>积分规则</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="43"/>
        <source>New rule…</source>
        <translation>新增规则…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="44"/>
        <source>New earning rule</source>
        <translation>新增积分规则</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="45"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="46"/>
        <source>Edit the earning rule</source>
        <translation>修改积分规则</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="56"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="57"/>
        <source>Lapsed, to write off</source>
        <translation>已过期待注销</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="58"/>
        <source>Lapsing soon</source>
        <translation>即将过期</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="59"/>
        <source>Earliest expiry</source>
        <translation>最近到期日</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="61"/>
        <source>Points lapsing</source>
        <translation>到期积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="62"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="63"/>
        <source>Check what expires</source>
        <translation>检查积分到期情况</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="64"/>
        <source>Run the expiry pass…</source>
        <translation>注销过期积分…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="65"/>
        <source>Write off the lapsed points</source>
        <translation>注销已过期的积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="66"/>
        <source>Expiry of points</source>
        <translation>积分到期与注销</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="100"/>
        <source>Select a rule first.</source>
        <translation>请先选择一条积分规则。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="106"/>
        <source>The earning rule {name} is saved.</source>
        <translation>积分规则“{name}”已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="127"/>
        <source>Lapsed and not yet written off: {points} points of {n} resident(s).</source>
        <translation>已过期尚未注销：{n} 位居民，共 {points} 积分。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="128"/>
        <source>No points have lapsed.</source>
        <translation>没有已过期的积分。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="129"/>
        <source>Lapsing by {day}: {points} points of {n} resident(s).</source>
        <translation>到 {day} 将过期：{n} 位居民，共 {points} 积分。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="138"/>
        <source>Expiry pass</source>
        <translation>注销过期积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="139"/>
        <source>Write off {points} lapsed points of {n} resident(s)? Each resident&apos;s statement will show it; it cannot be undone.</source>
        <translation>注销 {n} 位居民已过期的共 {points} 积分？每位居民的积分明细中都会显示这笔注销。此操作不能撤销。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/rules.py" line="154"/>
        <source>Expiry pass done: {points} points of {n} resident(s) written off.</source>
        <translation>过期积分注销完成：已注销 {n} 位居民共 {points} 积分。</translation>
    </message>
</context>
<context>
    <name>SeasonsSection</name>
    <message>
        <location filename="../../app/views/hot_spots.py" line="186"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="187"/>
        <location filename="../../app/views/hot_spots.py" line="210"/>
        <source>This season</source>
        <translation>本季</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="188"/>
        <location filename="../../app/views/hot_spots.py" line="210"/>
        <source>Same span last season</source>
        <translation>上季同期</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="189"/>
        <source>Change</source>
        <translation>增减</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="191"/>
        <source>Heating seasons compared</source>
        <translation>供暖季对比</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="193"/>
        <source>Heating requests by building</source>
        <translation>各楼栋的供暖诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="212"/>
        <source>All requests</source>
        <translation>全部诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="215"/>
        <source>Heating season {a} to {b} (whole)</source>
        <translation>供暖季 {a} 至 {b}（整季）</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="216"/>
        <source>Heating season so far, {a} to {b}</source>
        <translation>本供暖季至今，{a} 至 {b}</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="217"/>
        <source>{season}: {n} heating request(s); {c} to {d} a year earlier: {m}.</source>
        <translation>{season}：供暖诉求 {n} 件；上一年同期 {c} 至 {d}：{m} 件。</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="221"/>
        <source>(No heating category in the catalogue.)</source>
        <translation>（分类里没有供暖类。）</translation>
    </message>
</context>
<context>
    <name>SeekerDialog</name>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="61"/>
        <source>New job seeker&apos;s file</source>
        <translation>新建就业服务档案</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="64"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="64"/>
        <source>(from the birth date)</source>
        <translation>（按出生日期计算）</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="67"/>
        <location filename="../../app/views/employment_dialogs.py" line="76"/>
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="67"/>
        <source>e.g. 电焊、驾驶、面点</source>
        <translation>例如：电焊、驾驶、面点</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="68"/>
        <location filename="../../app/views/employment_dialogs.py" line="77"/>
        <source>Certificates</source>
        <translation>证书</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="69"/>
        <source>e.g. 焊工证（中级）</source>
        <translation>例如：焊工证（中级）</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="70"/>
        <source>Wishes</source>
        <translation>求职意向</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="70"/>
        <source>e.g. 保洁、保安，离家近</source>
        <translation>例如：保洁、保安，离家近</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="71"/>
        <location filename="../../app/views/employment_dialogs.py" line="79"/>
        <source>Family situation</source>
        <translation>家庭状况</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="72"/>
        <source>e.g. 爱人无业，孩子上初中</source>
        <translation>例如：爱人无业，孩子上初中</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="73"/>
        <source>File opened on</source>
        <translation>建档日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="74"/>
        <source>Resident *</source>
        <translation>居民 *</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="75"/>
        <source>Age (only without a birth date)</source>
        <translation>年龄（没有出生日期时填写）</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="78"/>
        <source>Wishes (求职意向)</source>
        <translation>求职意向</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="80"/>
        <source>File opened on *</source>
        <translation>建档日期 *</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../app/views/settings/page.py" line="48"/>
        <source>Grids and grid workers</source>
        <translation>网格与网格员</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="49"/>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="50"/>
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="51"/>
        <source>Request categories</source>
        <translation>诉求分类</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="52"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="55"/>
        <source>Message templates</source>
        <translation>消息模板</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="56"/>
        <source>Canned replies</source>
        <translation>常用回复</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="58"/>
        <source>This desk</source>
        <translation>本服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="60"/>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/page.py" line="87"/>
        <source>Before this desk can dispatch requests:</source>
        <translation>本服务台开始派单前，还需要：</translation>
    </message>
</context>
<context>
    <name>SettlementTab</name>
    <message>
        <location filename="../../app/views/points/settlement.py" line="35"/>
        <location filename="../../app/views/points/settlement.py" line="59"/>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="37"/>
        <location filename="../../app/views/points/settlement.py" line="59"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="38"/>
        <location filename="../../app/views/points/settlement.py" line="60"/>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="39"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="40"/>
        <source>Show the settlement</source>
        <translation>显示结算单</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="41"/>
        <source>Print settlement…</source>
        <translation>打印结算单…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="42"/>
        <source>Save the settlement as PDF</source>
        <translation>将结算单另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="43"/>
        <source>Save as Excel…</source>
        <translation>另存为 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="44"/>
        <source>Save the settlement as Excel</source>
        <translation>将结算单另存为 Excel</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="46"/>
        <source>Honoured</source>
        <translation>核销时间</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="47"/>
        <source>Code</source>
        <translation>兑换码</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="48"/>
        <source>Reward</source>
        <translation>兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="49"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="50"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="51"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="53"/>
        <source>Settlement</source>
        <translation>商家结算</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="86"/>
        <location filename="../../app/views/points/settlement.py" line="108"/>
        <location filename="../../app/views/points/settlement.py" line="136"/>
        <source>Choose a merchant first.</source>
        <translation>请先选择商家。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="95"/>
        <source>{n} voucher(s) honoured, {points} points, {amount} yuan owed</source>
        <translation>核销 {n} 张兑换券，共 {points} 积分，应结算 {amount} 元</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="98"/>
        <source> — does not match the ledger ({points} points)!</source>
        <translation> —— 与积分账不符（账上 {points} 积分）！</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="123"/>
        <source>Settlement of {merchant}</source>
        <translation>{merchant} 结算单</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="128"/>
        <source>Save the settlement</source>
        <translation>保存结算单</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="145"/>
        <source>Saved: {name}</source>
        <translation>已保存：{name}</translation>
    </message>
    <message>
        <location filename="../../app/views/points/settlement.py" line="129"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/views/help_window.py" line="276"/>
        <location filename="../../app/views/help_window.py" line="277"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键一览</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="281"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/help_window.py" line="282"/>
        <location filename="../../app/views/help_window.py" line="283"/>
        <source>Print the shortcut card</source>
        <translation>打印快捷键卡片</translation>
    </message>
</context>
<context>
    <name>SimilarRequestsPanel</name>
    <message>
        <location filename="../../app/views/similar_panel.py" line="26"/>
        <source>Open requests that look the same (last 30 days)</source>
        <translation>相似未办结诉求（近30天）</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="29"/>
        <source>Similar open requests</source>
        <translation>相似的未办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="36"/>
        <source>Add to the chosen request ({keys})</source>
        <translation>并入所选诉求 ({keys})</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="38"/>
        <source>Add this report to the chosen request</source>
        <translation>将本次反映并入所选诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="57"/>
        <source>Choose the resident and category to see similar requests.</source>
        <translation>选择居民和类别后，将显示相似诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="75"/>
        <source>Looking for similar requests…</source>
        <translation>正在查找相似诉求…</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="82"/>
        <source>same building, same kind of problem</source>
        <translation>同一楼栋，同类问题</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="83"/>
        <source>similar text ({score}%)</source>
        <translation>内容相似（{score}%）</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="85"/>
        <source>{building} bldg</source>
        <translation>{building}号楼</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="85"/>
        <source>no address</source>
        <translation>住址未登记</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="86"/>
        <source>{no} · {when} · {place} · {households} household(s)
{category}: {summary}
({reason})</source>
        <translation>{no} · {when} · {place} · {households} 户
{category}：{summary}
→ {reason}</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="93"/>
        <source>{n} open request(s) may be the same problem. Choose one and press {keys} to add this household to it instead of opening a new case.</source>
        <translation>有 {n} 件未办结诉求可能是同一问题。请选中一件并按 {keys}，将本户并入该诉求，无需另行立案。</translation>
    </message>
    <message>
        <location filename="../../app/views/similar_panel.py" line="96"/>
        <source>No similar open request.</source>
        <translation>没有相似的未办结诉求。</translation>
    </message>
</context>
<context>
    <name>SpendingTab</name>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="43"/>
        <location filename="../../app/views/timebank/spending.py" line="44"/>
        <source>Whose hours</source>
        <translation>使用谁的时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="47"/>
        <source>Balance</source>
        <translation>结余</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="48"/>
        <location filename="../../app/views/timebank/spending.py" line="53"/>
        <source>What</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="50"/>
        <source>Redeem for a service</source>
        <translation>兑换服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="51"/>
        <source>Transfer to a family member</source>
        <translation>转赠家人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="52"/>
        <source>Donate to the community pool</source>
        <translation>捐入社区互助池</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="54"/>
        <location filename="../../app/views/timebank/spending.py" line="56"/>
        <source>For whom</source>
        <translation>受益人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="57"/>
        <location filename="../../app/views/timebank/spending.py" line="58"/>
        <source>Service received</source>
        <translation>接受的服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="61"/>
        <location filename="../../app/views/timebank/spending.py" line="64"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="65"/>
        <location filename="../../app/views/timebank/spending.py" line="66"/>
        <location filename="../../app/views/timebank/spending.py" line="87"/>
        <location filename="../../app/views/timebank/spending.py" line="88"/>
        <source>Hours</source>
        <translation>小时数</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="67"/>
        <location filename="../../app/views/timebank/spending.py" line="70"/>
        <source>Served by</source>
        <translation>服务提供人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="68"/>
        <location filename="../../app/views/timebank/spending.py" line="71"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="72"/>
        <location filename="../../app/views/timebank/spending.py" line="73"/>
        <source>Confirm</source>
        <translation>确认办理</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="74"/>
        <source>Use hours</source>
        <translation>使用时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="86"/>
        <source>Elderly resident</source>
        <translation>老年居民</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="89"/>
        <location filename="../../app/views/timebank/spending.py" line="91"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="92"/>
        <location filename="../../app/views/timebank/spending.py" line="93"/>
        <source>Grant from the pool</source>
        <translation>从互助池发放</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="94"/>
        <source>Grant from the community pool</source>
        <translation>社区互助池发放</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="127"/>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="151"/>
        <location filename="../../app/views/timebank/spending.py" line="166"/>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="154"/>
        <source>Done: {h} h taken from {name}.</source>
        <translation>已办理：从 {name} 的账户取出 {h} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/spending.py" line="169"/>
        <source>Granted {h} h to {name} from the pool.</source>
        <translation>已从互助池向 {name} 发放 {h} 小时。</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="174"/>
        <source>Moved away or deceased: {name}</source>
        <translation>标记迁出/已故：{name}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="175"/>
        <source>{name} is kept with their requests and accounts, but no longer found by the look-up unless &quot;Include moved away and deceased&quot; is ticked.</source>
        <translation>{name} 的记录、诉求和账户都保留，但查找时不再显示，除非勾选“含已迁出/已故”。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="178"/>
        <source>{n} of their requests are still open; they stay open and are handled as usual.</source>
        <translation>还有 {n} 件未办结诉求，照常继续办理。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="181"/>
        <location filename="../../app/views/resident_dialogs.py" line="189"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="186"/>
        <location filename="../../app/views/resident_dialogs.py" line="190"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="187"/>
        <location filename="../../app/views/resident_dialogs.py" line="191"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="188"/>
        <source>e.g. moved to the daughter&apos;s in Shenyang</source>
        <translation>例如：搬到沈阳女儿家</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_dialogs.py" line="192"/>
        <source>Mark</source>
        <translation>标记</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../app/views/case_dialogs.py" line="48"/>
        <source>Public: shown on the notice board (the resident is never named)</source>
        <translation>公示：在公示栏中显示（不会显示居民姓名）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_dialogs.py" line="49"/>
        <source>Public note</source>
        <translation>公示进展</translation>
    </message>
</context>
<context>
    <name>StreetReportDialog</name>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="30"/>
        <source>Work report for the street office</source>
        <translation>工作简报（报街道）</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="31"/>
        <source>Make the report</source>
        <translation>生成简报</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="33"/>
        <source>The week (Monday to Sunday) or the month containing the day: the requests received, the three rates against the period before, hot spots, the difficult pool, the overdue requests and the departments&apos; scores, in the layout of an official document. No resident is named.</source>
        <translation>所选日期所在的一周（周一至周日）或一个月：受理诉求、“三率”与上期比较、热点问题、难点问题库、超期诉求和职能部门考评，按公文格式排版，不出现居民姓名。</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="37"/>
        <source>Week or month</source>
        <translation>按周或按月</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="38"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="39"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="42"/>
        <source>A day in the week or month</source>
        <translation>周或月中的一天</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="46"/>
        <location filename="../../app/views/street_report_dialog.py" line="51"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="47"/>
        <source>PDF, to print</source>
        <translation>PDF（打印用）</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="48"/>
        <source>Word document (.docx), to edit in Word or WPS</source>
        <translation>Word 文档（.docx，可在 Word 或 WPS 中修改）</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="49"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="50"/>
        <source>Day in it</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>StreetWindow</name>
    <message>
        <location filename="../../app/views/street_window.py" line="42"/>
        <source>Street overview</source>
        <translation>街道总览</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="48"/>
        <location filename="../../app/views/street_window.py" line="95"/>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="49"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="49"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="50"/>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="50"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="54"/>
        <location filename="../../app/views/street_window.py" line="95"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="55"/>
        <location filename="../../app/views/street_window.py" line="96"/>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="56"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="57"/>
        <source>Count again</source>
        <translation>重新统计</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="58"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="59"/>
        <source>Export what is shown to a workbook</source>
        <translation>把当前显示的内容导出为 Excel 工作簿</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="65"/>
        <source>Whole street</source>
        <translation>全街道</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="67"/>
        <location filename="../../app/views/street_window.py" line="83"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="68"/>
        <source>Received</source>
        <translation>受理数</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="69"/>
        <source>Response rate</source>
        <translation>响应率</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="70"/>
        <source>Resolution rate</source>
        <translation>解决率</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="71"/>
        <source>Satisfaction rate</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="72"/>
        <source>In the pool</source>
        <translation>难点问题库</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="73"/>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="74"/>
        <source>Desks</source>
        <translation>服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="74"/>
        <source>{n} desks</source>
        <translation>{n} 个服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="77"/>
        <source>Every community</source>
        <translation>各社区</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="79"/>
        <source>Red</source>
        <translation>红榜</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="79"/>
        <source>Black</source>
        <translation>黑榜</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="81"/>
        <source>List</source>
        <translation>榜单</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="82"/>
        <source>Place</source>
        <translation>名次</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="84"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="85"/>
        <source>Called in</source>
        <translation>吹哨次数</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="86"/>
        <source>On-time report rate</source>
        <translation>按时报到率</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="89"/>
        <source>Red and black list</source>
        <translation>红黑榜</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="90"/>
        <source>Departments: red and black list across communities</source>
        <translation>部门红黑榜（各社区合计）</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="140"/>
        <source>Counting {first} to {last}…</source>
        <translation>正在统计 {first} 至 {last}…</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="159"/>
        <source>{first} to {last}: requests received in this period, {n} communities; the pool and the overdue are as of {time}.</source>
        <translation>{first} 至 {last}：本期间受理的诉求，共 {n} 个社区；难点问题库和超时件数截至 {time}。</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="168"/>
        <source>Export the street&apos;s view</source>
        <translation>导出街道总览</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="169"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/street_window.py" line="175"/>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
</context>
<context>
    <name>SyncConflictsTab</name>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="32"/>
        <source>Two desks changed the same item differently while they could not reach the street. The street kept the later change; check each one with the resident if needed, then keep it or use the other value.</source>
        <translation>两个服务台在连不上街道服务器时，把同一项内容改成了不同的值。街道保留了较晚的修改；如有需要请与居民核实，然后确认保留，或改用另一个值。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="35"/>
        <source>No sync conflict waits for confirmation.</source>
        <translation>没有待确认的同步冲突。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="38"/>
        <source>What</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="39"/>
        <source>Field</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="40"/>
        <source>Value kept</source>
        <translation>保留的值</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="41"/>
        <source>Kept from desk</source>
        <translation>保留值的服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="42"/>
        <source>Other value</source>
        <translation>另一个值</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="43"/>
        <source>Other desk</source>
        <translation>另一值的服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="44"/>
        <source>Listed</source>
        <translation>列出时间</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="46"/>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="47"/>
        <source>Keep this value</source>
        <translation>确认保留</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="48"/>
        <source>Confirm the value kept</source>
        <translation>确认保留现在的值</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="49"/>
        <source>Use the other value</source>
        <translation>改用另一个值</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="50"/>
        <source>Write the other value instead</source>
        <translation>改为另一个值</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="95"/>
        <source>Kept: {what} · {field} stays {value}.</source>
        <translation>已确认：{what} · {field} 保留为 {value}。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="101"/>
        <source>Use the other value?</source>
        <translation>改用另一个值？</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="102"/>
        <source>{what} · {field} becomes {other} (now {kept}) on every desk after the next sync. Continue?</source>
        <translation>{what} · {field} 将改为 {other}（现在是 {kept}），下次同步后各服务台都会改过来。继续吗？</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/conflicts.py" line="107"/>
        <source>Changed: {what} · {field} is now {value}.</source>
        <translation>已修改：{what} · {field} 现在是 {value}。</translation>
    </message>
</context>
<context>
    <name>SyncStatusLabel</name>
    <message>
        <location filename="../../app/views/sync_status.py" line="119"/>
        <source>Sync with the street</source>
        <translation>与街道同步</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_status.py" line="136"/>
        <source>Not synced yet</source>
        <translation>未同步</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_status.py" line="140"/>
        <source>Synced {time}</source>
        <translation>已同步 {time}</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_status.py" line="142"/>
        <source>Waiting to go up: {n}</source>
        <translation>待上传 {n}</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_status.py" line="167"/>
        <source>Sync not done</source>
        <translation>同步未完成</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_status.py" line="169"/>
        <source>Sync done: {up} up, {down} down</source>
        <translation>同步完成：上传 {up} 条，下载 {down} 条</translation>
    </message>
</context>
<context>
    <name>TagChips</name>
    <message>
        <location filename="../../app/views/tag_marks.py" line="76"/>
        <source>no tags</source>
        <translation>无标签</translation>
    </message>
</context>
<context>
    <name>TagsTab</name>
    <message>
        <location filename="../../app/views/settings/tags.py" line="32"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="33"/>
        <location filename="../../app/views/settings/tags.py" line="89"/>
        <location filename="../../app/views/settings/tags.py" line="105"/>
        <source>Marks</source>
        <translation>标记对象</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="34"/>
        <location filename="../../app/views/settings/tags.py" line="93"/>
        <location filename="../../app/views/settings/tags.py" line="106"/>
        <source>Service promised</source>
        <translation>承诺服务</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="35"/>
        <location filename="../../app/views/settings/tags.py" line="95"/>
        <location filename="../../app/views/settings/tags.py" line="107"/>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="36"/>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="36"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="36"/>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="42"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="43"/>
        <source>{cycle}, every {n}</source>
        <translation>{cycle}，每 {n} 次</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="63"/>
        <source>Change tag</source>
        <translation>修改标签</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="63"/>
        <source>New tag</source>
        <translation>新建标签</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="65"/>
        <source>A tag marks a household (空巢, 出租) or a person (失能, 低保). If it promises visits, every household or person carrying it gets a visit due that often, for its grid worker.</source>
        <translation>标签可以标记一户（如空巢、出租），也可以标记一个人（如失能、低保）。承诺了走访的标签，带有它的每一户或每个人都会按这个周期排上走访，由所在网格的网格员负责。</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="68"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="69"/>
        <source>e.g. 失能</source>
        <translation>如 失能</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="70"/>
        <location filename="../../app/views/settings/tags.py" line="81"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="78"/>
        <source>Other colour…</source>
        <translation>其他颜色…</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="78"/>
        <source>Other colour</source>
        <translation>其他颜色</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="94"/>
        <source>e.g. 日见面</source>
        <translation>如 日见面</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="96"/>
        <source>no visits</source>
        <translation>不走访</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="100"/>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="103"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="104"/>
        <source>Colour *</source>
        <translation>颜色 *</translation>
    </message>
    <message>
        <location filename="../../app/views/settings/tags.py" line="108"/>
        <source>Every (1 = each time)</source>
        <translation>间隔（1 表示每次）</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="135"/>
        <source>New volunteer team</source>
        <translation>新建志愿服务队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="136"/>
        <source>Volunteer team {name}</source>
        <translation>志愿服务队：{name}</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="140"/>
        <location filename="../../app/views/timebank/team_dialogs.py" line="142"/>
        <source>Name</source>
        <translation>队名</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="141"/>
        <source>e.g. 银发互助队</source>
        <translation>例如：银发互助队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="144"/>
        <source>Kinds of service</source>
        <translation>服务类别</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="145"/>
        <location filename="../../app/views/timebank/team_dialogs.py" line="147"/>
        <source>What the team does</source>
        <translation>服务内容</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="146"/>
        <source>e.g. younger retirees helping the very old</source>
        <translation>例如：低龄老人帮扶高龄老人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="149"/>
        <source>Meets every</source>
        <translation>活动日</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="150"/>
        <source>From</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="151"/>
        <source>To</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="161"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="162"/>
        <location filename="../../app/views/timebank/team_dialogs.py" line="163"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="165"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="166"/>
        <source>Leader</source>
        <translation>队长</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="167"/>
        <source>(no leader yet)</source>
        <translation>（暂无队长）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="170"/>
        <source>Leader (a member)</source>
        <translation>队长（须为成员）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="171"/>
        <source>Active: takes requests and records activities</source>
        <translation>活动中：可接诉求、登记活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="172"/>
        <source>Active</source>
        <translation>活动中</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="187"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>TeamsTab</name>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="40"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="40"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="41"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="41"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="42"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="42"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="43"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="49"/>
        <source>when asked</source>
        <translation>按需服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="53"/>
        <source>Every {days}</source>
        <translation>每{days}</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="205"/>
        <location filename="../../app/views/timebank/team_dialogs.py" line="213"/>
        <source>Volunteer team</source>
        <translation>志愿服务队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="206"/>
        <source>(choose a team)</source>
        <translation>（请选择服务队）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="211"/>
        <source>A volunteer team takes the request. The desk records what the team does, as for any handler.</source>
        <translation>由志愿服务队承办这件诉求。服务台像对其他承办人一样，记录服务队的办理情况。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/team_dialogs.py" line="214"/>
        <location filename="../../app/views/timebank/team_dialogs.py" line="215"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="36"/>
        <source>New team…</source>
        <translation>新建服务队…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="37"/>
        <source>New volunteer team</source>
        <translation>新建志愿服务队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="38"/>
        <source>Edit team &amp;&amp; members…</source>
        <translation>修改服务队与成员…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="39"/>
        <source>Edit the team and its members</source>
        <translation>修改服务队信息和成员</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="40"/>
        <source>Record team activity…</source>
        <translation>登记服务队活动…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="41"/>
        <source>Record the team&apos;s activity</source>
        <translation>登记服务队的活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="43"/>
        <source>Team</source>
        <translation>服务队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="44"/>
        <source>Leader</source>
        <translation>队长</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="45"/>
        <location filename="../../app/views/timebank/teams.py" line="85"/>
        <location filename="../../app/views/timebank/teams.py" line="93"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="46"/>
        <source>Meets</source>
        <translation>活动时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="47"/>
        <source>Hours this year</source>
        <translation>本年服务时长（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="48"/>
        <source>Activities</source>
        <translation>活动次数</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="49"/>
        <source>Open requests</source>
        <translation>办理中诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="50"/>
        <location filename="../../app/views/timebank/teams.py" line="75"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="50"/>
        <source>active</source>
        <translation>活动中</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="50"/>
        <source>inactive</source>
        <translation>已停止活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="52"/>
        <source>Volunteer teams</source>
        <translation>志愿服务队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="58"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="58"/>
        <source> (leader)</source>
        <translation>（队长）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="59"/>
        <source>No.</source>
        <translation>存折号</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="60"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="61"/>
        <source>Joined</source>
        <translation>入队日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="62"/>
        <location filename="../../app/views/timebank/teams.py" line="81"/>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="62"/>
        <source>not active</source>
        <translation>不在册</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="65"/>
        <location filename="../../app/views/timebank/teams.py" line="80"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="66"/>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="67"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="68"/>
        <source>Credited (h)</source>
        <translation>已入账（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="69"/>
        <source>Waiting</source>
        <translation>待入账</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="72"/>
        <source>Request</source>
        <translation>诉求编号</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="73"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="74"/>
        <source>What</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="76"/>
        <source>Given</source>
        <translation>交办日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="77"/>
        <source>With the team</source>
        <translation>是否仍由本队办理</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="77"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="77"/>
        <source>passed on</source>
        <translation>已转交</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="82"/>
        <source>Change</source>
        <translation>变动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="82"/>
        <source>joined</source>
        <translation>入队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="82"/>
        <source>left</source>
        <translation>退队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="83"/>
        <source>Recorded by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="87"/>
        <location filename="../../app/views/timebank/teams.py" line="94"/>
        <source>Activities this year</source>
        <translation>本年活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="88"/>
        <location filename="../../app/views/timebank/teams.py" line="95"/>
        <source>Requests</source>
        <translation>交办诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="89"/>
        <source>Membership history</source>
        <translation>成员变动记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="96"/>
        <source>Joined and left</source>
        <translation>入队与退队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="136"/>
        <source>No volunteer team yet: press New team to set one up.</source>
        <translation>还没有志愿服务队：请点击“新建服务队…”建立。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="148"/>
        <source>{name}: {what}. Meets {when}. {h} h this year in {n} activities.</source>
        <translation>{name}：{what}。活动时间：{when}。本年共 {n} 次活动，{h} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="160"/>
        <source>Team {name} set up with {n} member(s).</source>
        <translation>已建立服务队“{name}”，共 {n} 名成员。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="170"/>
        <location filename="../../app/views/timebank/teams.py" line="183"/>
        <source>Select a team first.</source>
        <translation>请先选择一支服务队。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="173"/>
        <source>Team {name} saved.</source>
        <translation>服务队“{name}”已保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/teams.py" line="189"/>
        <source>Recorded the activity of {team} for {n} volunteer(s); verify to credit them.</source>
        <translation>已为{team}的 {n} 名志愿者登记活动，核实后入账。</translation>
    </message>
</context>
<context>
    <name>TimeBankPage</name>
    <message>
        <location filename="../../app/views/timebank/common.py" line="35"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/common.py" line="50"/>
        <source>Type a volunteer&apos;s name or number</source>
        <translation>输入志愿者姓名或编号</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="41"/>
        <source>Volunteers &amp;&amp; passbooks</source>
        <translation>志愿者与存折</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="42"/>
        <source>Service records</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="43"/>
        <source>Redeem &amp;&amp; transfer</source>
        <translation>兑换与转赠</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="44"/>
        <source>Family links</source>
        <translation>家庭关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="48"/>
        <source>Volunteer teams</source>
        <translation>志愿服务队</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="49"/>
        <source>Rules…</source>
        <translation>规则设置…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="50"/>
        <source>Time-bank rules</source>
        <translation>时间银行规则</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="52"/>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="53"/>
        <source>Export accounts and movements</source>
        <translation>导出账户和流水</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="76"/>
        <source>Community pool: {h} h</source>
        <translation>社区互助池：{h} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="92"/>
        <source>The new rules apply from now on.</source>
        <translation>新规则从现在起执行。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="95"/>
        <source>Export the time bank</source>
        <translation>导出时间银行</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="96"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/page.py" line="103"/>
        <source>Exported {a} accounts and {m} movements to {path}. It contains residents&apos; names: keep it within the community office.</source>
        <translation>已导出 {a} 个账户、{m} 条流水到 {path}。文件含居民姓名，仅限社区内部使用。</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="167"/>
        <source>Return visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="168"/>
        <source>{name}: check the three-party agreement, the wage and the social insurance.</source>
        <translation>{name}：请核实三方协议、工资发放和社保缴纳情况。</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="170"/>
        <source>Visited on</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="171"/>
        <location filename="../../app/views/employment_dialogs.py" line="172"/>
        <source>Three-party agreement signed</source>
        <translation>已签订三方协议</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="173"/>
        <source>Wage paid as agreed</source>
        <translation>工资按约定发放</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="174"/>
        <location filename="../../app/views/employment_dialogs.py" line="175"/>
        <source>Social insurance paid</source>
        <translation>社保已缴纳</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="176"/>
        <location filename="../../app/views/employment_dialogs.py" line="181"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="176"/>
        <source>e.g. 社保下月起缴</source>
        <translation>例如：社保下月起缴</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="177"/>
        <source>Visited on *</source>
        <translation>回访日期 *</translation>
    </message>
    <message>
        <location filename="../../app/views/employment_dialogs.py" line="178"/>
        <source>Checked</source>
        <translation>核实情况</translation>
    </message>
</context>
<context>
    <name>VolunteerDialog</name>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="67"/>
        <source>Register a volunteer</source>
        <translation>登记志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="68"/>
        <source>Volunteer {name}</source>
        <translation>志愿者 {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="72"/>
        <location filename="../../app/views/timebank/dialogs.py" line="74"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="76"/>
        <source>Can help with</source>
        <translation>服务技能</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="77"/>
        <location filename="../../app/views/timebank/dialogs.py" line="79"/>
        <source>Availability</source>
        <translation>可服务时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="78"/>
        <source>e.g. weekday mornings, weekends</source>
        <translation>例如：工作日上午、周末</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank/dialogs.py" line="80"/>
        <location filename="../../app/views/timebank/dialogs.py" line="87"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>VouchersTab</name>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="48"/>
        <source>Voucher {code}</source>
        <translation>兑换券 {code}</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="67"/>
        <source>Voucher code</source>
        <translation>兑换码</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="68"/>
        <source>Type or scan the code, e.g. 7KQ9-M3XA</source>
        <translation>输入或扫码，如 7KQ9-M3XA</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="69"/>
        <source>Honour</source>
        <translation>核销</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="70"/>
        <source>Honour the voucher</source>
        <translation>核销兑换券</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="71"/>
        <source>Honour a voucher the merchant reports used</source>
        <translation>核销商家报来的兑换券</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="78"/>
        <source>Code</source>
        <translation>兑换码</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="79"/>
        <source>Issued</source>
        <translation>出券时间</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="80"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="81"/>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="82"/>
        <source>Reward</source>
        <translation>兑换项目</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="83"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="84"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="85"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="87"/>
        <location filename="../../app/views/points/vouchers.py" line="92"/>
        <source>Vouchers</source>
        <translation>兑换券</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="88"/>
        <source>Print voucher…</source>
        <translation>打印兑换券…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="89"/>
        <source>Print the selected voucher</source>
        <translation>打印所选兑换券</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="90"/>
        <source>Cancel voucher…</source>
        <translation>撤销兑换券…</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="91"/>
        <source>Cancel the selected voucher</source>
        <translation>撤销所选兑换券</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="120"/>
        <source>Vouchers of {name} (the latest 50)</source>
        <translation>{name} 的兑换券（最近 50 张）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="121"/>
        <source>Everyone&apos;s latest vouchers (at most 50)</source>
        <translation>全部居民最近的兑换券（最多 50 张）</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="131"/>
        <location filename="../../app/views/points/vouchers.py" line="153"/>
        <source>Select a voucher first.</source>
        <translation>请先选择一张兑换券。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="146"/>
        <source>Voucher {code} honoured: {reward} at {merchant}.</source>
        <translation>兑换券 {code} 已核销：{merchant} 的 {reward}。</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="155"/>
        <source>Cancel a voucher</source>
        <translation>撤销兑换券</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="155"/>
        <source>Why is voucher {code} cancelled?</source>
        <translation>为什么撤销兑换券 {code}？</translation>
    </message>
    <message>
        <location filename="../../app/views/points/vouchers.py" line="167"/>
        <source>Voucher {code} cancelled: {points} points and the item are given back.</source>
        <translation>兑换券 {code} 已撤销：{points} 积分已退回，物品已退回库存。</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../app/cli.py" line="403"/>
        <location filename="../../app/views/application.py" line="34"/>
        <source>Community Desk</source>
        <translation>社区服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="150"/>
        <location filename="../../app/views/application.py" line="155"/>
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="156"/>
        <source>The database could not be opened or upgraded:
{error}

The data folder is {path}. Ask IT staff to run &apos;main.py verify&apos; or restore the latest backup.</source>
        <translation>无法打开或升级数据库：
{error}

数据文件夹：{path}。请联系信息技术人员运行“main.py verify”，或恢复最近的备份。</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="171"/>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="171"/>
        <source>The backup is restored. The database as it was before is kept in {path}. Please log in again.</source>
        <translation>备份已恢复。恢复前的数据库保存在 {path}。请重新登录。</translation>
    </message>
    <message>
        <location filename="../../app/views/background_backup.py" line="73"/>
        <source>The automatic backup to {folder} failed: {error}
Check the backup folder (is the USB stick plugged in?).</source>
        <translation>自动备份到 {folder} 失败：{error}
请检查备份文件夹（U盘是否已插好？）。</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="182"/>
        <source>Generating the demo community…</source>
        <translation>正在生成演示社区……</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="185"/>
        <location filename="../../app/views/application.py" line="223"/>
        <location filename="../../app/views/application.py" line="249"/>
        <source>Demo community</source>
        <translation>演示社区</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="223"/>
        <source>The demo community could not be built: {error}</source>
        <translation>演示社区生成失败：{error}</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="250"/>
        <source>The demo community is ready. Log in as clerk1 (reception clerk) or admin, password {password}.</source>
        <translation>演示社区已准备好。请用 clerk1（前台接待员）或 admin 登录，密码为 {password}。</translation>
    </message>
</context>
<context>
    <name>backups</name>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="41"/>
        <source>daily</source>
        <translation>每日自动</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="42"/>
        <source>end of day</source>
        <translation>日终</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="43"/>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="44"/>
        <source>before a restore</source>
        <translation>恢复前</translation>
    </message>
</context>
<context>
    <name>charts</name>
    <message>
        <location filename="../../app/views/charts.py" line="49"/>
        <source>The chart was saved as a picture: {path}</source>
        <translation>图表已另存为图片：{path}</translation>
    </message>
    <message>
        <location filename="../../app/views/charts.py" line="52"/>
        <source>The picture could not be saved to {path}. Choose another folder.</source>
        <translation>图片不能保存到 {path}。请换一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/views/charts.py" line="59"/>
        <source>Save as picture…</source>
        <translation>另存为图片…</translation>
    </message>
    <message>
        <location filename="../../app/views/charts.py" line="68"/>
        <source>Save the chart as a picture</source>
        <translation>把图表另存为图片</translation>
    </message>
    <message>
        <location filename="../../app/views/charts.py" line="69"/>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../../app/cli.py" line="99"/>
        <source>folder for the database, drafts, backups and printouts</source>
        <translation>存放数据库、草稿、备份和打印文件的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="104"/>
        <source>SQLAlchemy database URL, e.g. postgresql+psycopg://user@server/desk</source>
        <translation>SQLAlchemy 数据库 URL，例如 postgresql+psycopg://user@server/desk</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="110"/>
        <source>interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="128"/>
        <source>Community Desk: front-desk software for community service centres. Without a command it starts the desk app.</source>
        <translation>社区服务台：社区服务中心前台软件。不带命令时启动服务台程序。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="137"/>
        <source>build a demo community to look around in</source>
        <translation>创建演示社区，供试用</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="140"/>
        <source>random seed of the demo data</source>
        <translation>演示数据的随机种子</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="145"/>
        <source>check the database and the app&apos;s invariants; exit code 0 when healthy</source>
        <translation>检查数据库和程序的不变量；正常时退出码为 0</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="159"/>
        <source>export all requests with their full history</source>
        <translation>导出全部诉求及其完整处理记录</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="164"/>
        <source>the resident&apos;s id, or a search (name, phone, ID number, address) that finds exactly one</source>
        <translation>居民编号，或能唯一找到一人的查询（姓名、电话、身份证号、住址）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="169"/>
        <source>write everything stored about one resident to a JSON file</source>
        <translation>把一位居民的全部存储数据写入 JSON 文件</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="176"/>
        <source>erase one resident&apos;s personal data, keeping their requests anonymised</source>
        <translation>删除一位居民的个人信息，其诉求匿名保留</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="181"/>
        <source>really erase (without it, only say who it is)</source>
        <translation>确认删除（不加此项只显示是谁）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="185"/>
        <source>import residents and households from a spreadsheet (xlsx or csv): shows what it would do; writes only with --commit</source>
        <translation>从表格（xlsx 或 csv）导入居民和住户：先显示导入结果；只有加上 --commit 才写入</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="189"/>
        <source>the sheet to read (default: the first)</source>
        <translation>要读取的工作表（默认第一个）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="190"/>
        <source>a JSON file {&quot;column header&quot;: &quot;field&quot;} (fields: name, gender, birth_date, id_number, phone, address, building, unit, room, grid, tags, notes); default: the remembered or guessed columns</source>
        <translation>JSON 文件 {&quot;列名&quot;: &quot;字段&quot;}（字段：name, gender, birth_date, id_number, phone, address, building, unit, room, grid, tags, notes）；默认使用记住的或自动识别的列</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="193"/>
        <source>import the good rows (without it nothing is written)</source>
        <translation>导入有效的行（不加此项不写入任何数据）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="198"/>
        <source>print a case&apos;s receipt again to a PDF file</source>
        <translation>将某件诉求的回执重新输出为PDF文件</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="200"/>
        <source>case number, e.g. A01-20261122-0007</source>
        <translation>受理编号，例如 A01-20261122-0007</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="204"/>
        <source>back up the database now (online backup)</source>
        <translation>立即备份数据库（在线备份）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="206"/>
        <source>folder, e.g. a USB stick</source>
        <translation>备份文件夹，例如U盘</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="210"/>
        <source>replace the database with a checked backup (the current one is kept)</source>
        <translation>用经过检查的备份替换数据库（当前数据库另行保留）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="216"/>
        <source>record the warnings and escalations that are due (a scheduled task)</source>
        <translation>记录到期的超时预警和超时升级（供计划任务定时运行）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="220"/>
        <source>run the pass as of this time, e.g. 2026-11-20T10:00 (default: now)</source>
        <translation>按此时间执行检查，例如 2026-11-20T10:00（默认：当前时间）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="224"/>
        <source>make the public notice board of a period as a PDF and record it as published</source>
        <translation>将某一期间的诉求公示生成为 PDF，并记录为已发布</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="228"/>
        <source>first day, e.g. 2026-11-01</source>
        <translation>开始日期，例如 2026-11-01</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="230"/>
        <source>last day (included), e.g. 2026-11-30</source>
        <translation>结束日期（含当天），例如 2026-11-30</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="232"/>
        <source>large print for elderly readers</source>
        <translation>大字版，方便老年人阅读</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="233"/>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="275"/>
        <source>render each main screen to PNG files</source>
        <translation>将各主要界面渲染为 PNG 文件</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="283"/>
        <source>check that this build of the Qt bindings keeps its references (run before a Qt upgrade)</source>
        <translation>检查本版 Qt 绑定库是否保持引用计数正确（升级 Qt 之前运行）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="285"/>
        <source>calls of each kind</source>
        <translation>每类调用的次数</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="343"/>
        <source>Interrupted.</source>
        <translation>已中断。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="388"/>
        <source>Unexpected error: {error}. The details are written to the log {path}</source>
        <translation>意外错误：{error}。详细信息已写入日志 {path}</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="395"/>
        <source>Unexpected error: {error}. No log file could be written; the details follow.</source>
        <translation>意外错误：{error}。日志文件无法写入，详细信息如下。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="461"/>
        <source>Backed up to {path} ({size} KB).</source>
        <translation>已备份到 {path}（{size} KB）。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="801"/>
        <source>Duties on {day}: {overdue} overdue, {due} due within {days} days, {reminded} later but inside their reminder.</source>
        <translation>{day} 的事项：已逾期 {overdue} 项，{days} 天内到期 {due} 项，另有 {reminded} 项在提前提醒期内。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="807"/>
        <source>Coming up (reminder):</source>
        <translation>即将到期（提前提醒）：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="852"/>
        <source>Say which account runs this command: --as USER (its password is asked), or --key-file FILE with a task key made by the administrator.</source>
        <translation>请说明由哪个账号运行此命令：--as 用户名（会询问密码），或 --key-file 文件（管理员生成的任务密钥）。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="855"/>
        <source>Account: </source>
        <translation>账号：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="865"/>
        <source>There is no terminal to ask the password of {user}: run the command in a terminal, pipe the password with --password-stdin, or use --key-file.</source>
        <translation>没有终端可以询问 {user} 的密码：请在终端中运行此命令，或用 --password-stdin 从标准输入传入密码，或使用 --key-file。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="870"/>
        <source>Password of {user}: </source>
        <translation>{user} 的密码：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="884"/>
        <source>The task key is for the account {user}, not {other}.</source>
        <translation>该任务密钥属于账号 {user}，不是 {other}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="922"/>
        <source>Restored {file}. The database as it was is kept in {path}.</source>
        <translation>已从 {file} 恢复。恢复前的数据库保存在 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="471"/>
        <source>Exported {cases} requests with {events} history entries to {path}.</source>
        <translation>已将 {cases} 件诉求及 {events} 条处理记录导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="113"/>
        <source>start the desk app as usual and exit with 0 once its first window is painted (to time a start)</source>
        <translation>照常启动服务台程序，第一个窗口绘制完成后即以 0 退出（用于测量启动时间）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="118"/>
        <source>the account acting (its permissions apply and the audit trail names it); its password is asked</source>
        <translation>执行操作的账号（按其权限执行，审计记录记下其姓名）；会询问其密码</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="120"/>
        <source>read the password from the first line of standard input (for a script that takes it from a password store; never put a password on the command line)</source>
        <translation>从标准输入的第一行读取密码（供从密码库取密码的脚本使用；切勿把密码写在命令行上）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="123"/>
        <source>a file holding a task key the administrator made for a scheduled task (main.py task-key create)</source>
        <translation>存有任务密钥的文件（管理员为计划任务生成：main.py task-key create）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="147"/>
        <source>an anchor sheet, a text with fingerprints or a backup: prove the audit chain still holds them</source>
        <translation>审计校验单、抄有校验码的文本或一份备份：核对审计链仍包含其中的校验码</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="149"/>
        <source>count the dashboard&apos;s daily figures again from the requests first</source>
        <translation>先按诉求重新统计数据看板的按日统计</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="152"/>
        <source>print the audit chain&apos;s fingerprint and the ones published before, to keep outside this PC</source>
        <translation>打印审计链当前的校验码和以前发布过的校验码，保存在本电脑以外</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="154"/>
        <source>the PDF to write; the same as JSON is written beside it</source>
        <translation>要写入的 PDF 文件；同名的 JSON 文件写在旁边</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="235"/>
        <source>write the street&apos;s work report (工作简报) of a week or a month as a PDF or a Word document</source>
        <translation>生成报街道的工作简报（按周或按月），保存为 PDF 或 Word 文档</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="238"/>
        <source>the week (Monday to Sunday) containing the day</source>
        <translation>该日期所在的一周（周一至周日）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="241"/>
        <source>the month containing the day</source>
        <translation>该日期所在的月份</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="242"/>
        <source>a day of the week or month, e.g. 2026-11-20 (default: today)</source>
        <translation>周或月中的任意一天，例如 2026-11-20（默认：今天）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="244"/>
        <source>the file to write: .pdf or .docx</source>
        <translation>要保存的文件：.pdf 或 .docx</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="246"/>
        <source>print the duties overdue and those due within the coming days (inspections, checks, visits)</source>
        <translation>列出已逾期和近几天到期的事项（年检、检查、走访）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="248"/>
        <source>how many days ahead, 0 to 366 (default 7: the coming week)</source>
        <translation>提前几天，0 到 366（默认 7：未来一周）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="250"/>
        <source>make, list or revoke the keys scheduled tasks use instead of a password (administrator)</source>
        <translation>生成、列出或吊销计划任务代替密码使用的密钥（管理员）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="253"/>
        <source>create: the account the key acts as</source>
        <translation>create：密钥所代表的账号</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="255"/>
        <source>create: what the key is for</source>
        <translation>create：密钥的用途</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="256"/>
        <source>revoke: the key&apos;s id</source>
        <translation>revoke：密钥编号</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="257"/>
        <source>prepare the street&apos;s PostgreSQL server (--db): its schema, the desks&apos; role and the row-level policies; with --add-desk, give a desk its account and print the address it joins with</source>
        <translation>准备街道的 PostgreSQL 服务器（--db）：建立数据表结构、服务台角色和行级访问策略；加 --add-desk 时，为一个服务台建立账号，并打印它接入用的地址</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="260"/>
        <source>a desk&apos;s code, e.g. A01 (unique in the street)</source>
        <translation>服务台编号，例如 A01（在街道内不能重复）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="262"/>
        <source>with --add-desk: the community the desk serves, as its desk calls it</source>
        <translation>与 --add-desk 一起使用：该服务台所服务的社区，名称与服务台上的写法一致</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="264"/>
        <source>connect this desk to the street&apos;s server and sync once (an empty data folder starts from the street&apos;s copy of its community)</source>
        <translation>把本服务台接入街道服务器并同步一次（数据文件夹为空时，从街道保存的本社区数据开始）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="267"/>
        <source>the address street-init --add-desk printed for this desk</source>
        <translation>street-init --add-desk 为本服务台打印的地址</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="269"/>
        <source>sync with the street&apos;s server once and say what went up and came down (a scheduled task)</source>
        <translation>与街道服务器同步一次，并报告上传和下载了哪些内容（供计划任务使用）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="271"/>
        <source>open the street&apos;s view (街道总览) on the street&apos;s server (--db, the street administrator&apos;s account): every community side by side</source>
        <translation>在街道服务器上打开街道总览（--db，使用街道管理员账号）：各社区并列对比</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="278"/>
        <source>the main window&apos;s size in pixels, WIDTHxHEIGHT (default 1366x728: maximised on a 1366x768 screen)</source>
        <translation>主窗口大小（像素），写作 宽x高（默认 1366x728：即在 1366x768 屏幕上最大化）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="281"/>
        <source>the text size: standard, large or extra-large</source>
        <translation>字体大小：standard（标准）、large（大）或 extra-large（特大）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="419"/>
        <location filename="../../app/cli.py" line="738"/>
        <source>Name the street&apos;s server: --db postgresql://...</source>
        <translation>请指定街道服务器：--db postgresql://...</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="448"/>
        <source>Anchor sheet written to {pdf} and {json}.</source>
        <translation>审计校验单已写入 {pdf} 和 {json}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="496"/>
        <source>This data folder already holds a community ({name}); the demo needs an empty one. Use --data-dir with a new folder.</source>
        <translation>该数据文件夹中已有社区（{name}），演示需要空文件夹。请用 --data-dir 指定一个新文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="506"/>
        <source>Demo community {name} is ready in {path}:</source>
        <translation>演示社区 {name} 已在 {path} 创建完成：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="511"/>
        <source>  {residents} residents in {households} households, {grids} grids, {cases} requests.</source>
        <translation>  {residents} 位居民，{households} 户，{grids} 个网格，{cases} 件诉求。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="516"/>
        <source>Demo accounts (password for all: {password}):</source>
        <translation>演示账号（密码均为 {password}）：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="532"/>
        <source>Exported {name}&apos;s data ({cases} requests) to {path}. It contains: {kinds}.</source>
        <translation>已导出 {name} 的数据（{cases} 件诉求）到 {path}。内容包括：{kinds}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="537"/>
        <source>This would erase the personal data of {name} ({address}, id {id}). Add --yes to do it.</source>
        <translation>将删除 {name}（{address}，编号 {id}）的个人信息。加 --yes 执行。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="542"/>
        <source>Erased the personal data of {name}; {n} requests are kept anonymised.</source>
        <translation>已删除 {name} 的个人信息；{n} 件诉求匿名保留。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="546"/>
        <source>The append-only history of these cases still mentions them: {cases}</source>
        <translation>以下诉求的办理记录不可更改，其中仍提到此人：{cases}</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="565"/>
        <source>{path} is not a mapping: write it as {{&quot;column header&quot;: &quot;field&quot;, ...}} in UTF-8.</source>
        <translation>{path} 不是列对应关系：请用 UTF-8 写成 {{&quot;列名&quot;: &quot;字段&quot;, ...}}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="572"/>
        <source>{file} (sheet {sheet}): {added} to add, {updated} to update, {unchanged} unchanged, {refused} refused.</source>
        <translation>{file}（工作表 {sheet}）：新增 {added} 人，更新 {updated} 人，无变化 {unchanged} 人，拒绝 {refused} 行。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="577"/>
        <source>Row {row} ({name}): {reasons}</source>
        <translation>第 {row} 行（{name}）：{reasons}</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="580"/>
        <source>Nothing was written. Add --commit to import the rows that are not refused.</source>
        <translation>未写入任何数据。加上 --commit 即导入未被拒绝的行。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="584"/>
        <source>Imported: {added} added, {updated} updated; the {refused} refused rows were not imported. Recorded as done by {name} (SHA-256 {sha}).</source>
        <translation>导入完成：新增 {added} 人，更新 {updated} 人；被拒绝的 {refused} 行未导入。已记录导入人 {name}（SHA-256 {sha}）。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="601"/>
        <source>No resident matches {query}.</source>
        <translation>没有与 {query} 匹配的居民。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="603"/>
        <source>{query} matches several residents; give the id of one:</source>
        <translation>{query} 匹配到多位居民，请给出其中一位的编号：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="616"/>
        <source>Qt bindings {version}, Python {python}: references to None over {calls} calls of each kind</source>
        <translation>Qt 绑定库 {version}，Python {python}：每类调用 {calls} 次后 None 引用计数的变化</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="622"/>
        <source>Sound: the count of None holds.</source>
        <translation>正常：None 的引用计数保持不变。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="624"/>
        <source>Faulty: these bindings lose a reference to None on every call and the desk would abort after a day&apos;s work. Keep the pinned version in pyproject.toml.</source>
        <translation>有缺陷：这一版绑定库每次调用都会丢失一个 None 引用，服务台工作一天后会异常退出。请保留 pyproject.toml 中锁定的版本。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="684"/>
        <source>export the figures (the three rates, breakdowns, department ranking, weekly trend) as csv or xlsx instead of the requests; the period is --from to --to (default: this month)</source>
        <translation>导出统计数据（三率、分类统计、部门排名、每周趋势）而非诉求明细，格式为 csv 或 xlsx；统计期间为 --from 至 --to（默认：本月）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="688"/>
        <source>requests logged on or after this day</source>
        <translation>此日期当天及之后登记的诉求</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="690"/>
        <source>requests logged on or before this day</source>
        <translation>此日期当天及之前登记的诉求</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="692"/>
        <source>only requests in this status (repeat for several)</source>
        <translation>只导出此状态的诉求（可重复以选多个状态）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="693"/>
        <source>a class or sub-category: its code (LIFE-WATER) or name</source>
        <translation>诉求大类或小类：代码（如 LIFE-WATER）或名称</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="695"/>
        <source>a grid: its code or name</source>
        <translation>网格：代码或名称</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="697"/>
        <source>requests this department was called in on (its name)</source>
        <translation>曾吹哨报到此部门的诉求（部门名称）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="701"/>
        <source>words in the description or the notes</source>
        <translation>诉求内容或办理记录中的词语</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="703"/>
        <source>only requests past a time limit now</source>
        <translation>只导出当前已超时的诉求</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="705"/>
        <source>only requests in the difficult problems pool</source>
        <translation>只导出难点问题库中的诉求</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="729"/>
        <source>Exported the figures of {first} to {last} ({n} requests) to {path}.</source>
        <translation>已将 {first} 至 {last} 的统计数据（{n} 件诉求）导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="742"/>
        <source>The street&apos;s server is ready. Add each desk with --add-desk CODE --community NAME.</source>
        <translation>街道服务器已准备好。请用 --add-desk 编号 --community 社区名称 逐个添加服务台。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="746"/>
        <source>Desk {desk} of {community} may join with (keep it secret, it holds the desk&apos;s password):</source>
        <translation>{community}的服务台 {desk} 可用以下地址接入（其中含有服务台的密码，请妥善保密）：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="756"/>
        <source>Desk {desk} joined the street for {community}.</source>
        <translation>服务台 {desk} 已作为{community}接入街道。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="760"/>
        <source>Synced: {up} changes went up, {down} rows came down, {removed} removed, {conflicts} conflicts listed; {waiting} still waiting.</source>
        <translation>同步完成：上传 {up} 项改动，下载 {down} 行，删除 {removed} 行，列出冲突 {conflicts} 项；还有 {waiting} 项等待同步。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="777"/>
        <source>Escalation pass at {time}: {warnings} warnings, {escalations} escalations ({pooled} into the difficult problems pool).</source>
        <translation>{time} 超时检查：超时预警 {warnings} 件，超时升级 {escalations} 件（其中 {pooled} 件转入难点问题库）。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="782"/>
        <source>Escalation pass at {time}: nothing was due.</source>
        <translation>{time} 超时检查：没有到期事项。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="783"/>
        <source>Open requests overdue: {overdue}; about to be: {soon}.</source>
        <translation>未办结诉求中，已超时 {overdue} 件，即将超时 {soon} 件。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="805"/>
        <source>Overdue:</source>
        <translation>已逾期：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="806"/>
        <source>Due:</source>
        <translation>待办：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="811"/>
        <source>{n} days late</source>
        <translation>逾期 {n} 天</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="823"/>
        <source>Healthy: the database and the app&apos;s invariants check out.</source>
        <translation>正常：数据库和程序不变量检查通过。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="827"/>
        <source>{n} problem(s) found.</source>
        <translation>发现 {n} 个问题。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="931"/>
        <source>Task key for {user} ({label}), id {id}. It is shown only now: put it in a file only the task&apos;s account can read, and give that file with --key-file.</source>
        <translation>已为 {user} 生成任务密钥（{label}），编号 {id}。密钥只显示这一次：请存入只有该计划任务账号能读的文件，并用 --key-file 指定该文件。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="941"/>
        <source>Give the id of the key to revoke with --key (see main.py task-key list).</source>
        <translation>请用 --key 给出要吊销的密钥编号（见 main.py task-key list）。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="944"/>
        <source>Revoked the task key {id}.</source>
        <translation>已吊销任务密钥 {id}。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="61"/>
        <source>Argument {n} ({arg}) contains control characters; type it again without them.</source>
        <translation>第 {n} 个参数（{arg}）含有控制字符，请去掉后重新输入。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="75"/>
        <source>{value} is not a day; write it as 2026-11-20.</source>
        <translation>{value} 不是日期，请写作 2026-11-20。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="79"/>
        <location filename="../../app/cli_checks.py" line="94"/>
        <source>{value}: the year must be between {first} and {last}.</source>
        <translation>{value}：年份须在 {first} 至 {last} 之间。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="90"/>
        <source>{value} is not a time; write it as 2026-11-20T10:00.</source>
        <translation>{value} 不是时间，请写作 2026-11-20T10:00。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="104"/>
        <source>{path} is a folder; give the file to write, e.g. {example}.</source>
        <translation>{path} 是文件夹，请给出要写入的文件，例如 {example}。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="108"/>
        <source>{path} is not an ordinary file (a device?); give a file in a folder.</source>
        <translation>{path} 不是普通文件（可能是设备），请给出某个文件夹中的文件。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="113"/>
        <source>{path} is a file, not a folder.</source>
        <translation>{path} 是文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="116"/>
        <source>The folder {path} does not exist; create it first or choose another.</source>
        <translation>文件夹 {path} 不存在，请先建立或另选一个。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="126"/>
        <source>{path} is a file, not a folder: give the folder to write into.</source>
        <translation>{path} 是文件，不是文件夹：请给出要写入的文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="139"/>
        <source>{size} is not a window size: write width x height in pixels, each from 640 to 7680, such as 1366x728.</source>
        <translation>{size} 不是窗口大小：请写作 宽x高（像素，各在 640 至 7680 之间），例如 1366x728。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="147"/>
        <source>There is no file {path}.</source>
        <translation>没有文件 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/cli_checks.py" line="157"/>
        <source>{days} is not a number of days: write a whole number from 0 to 366.</source>
        <translation>“{days}”不是天数：请写 0 到 366 之间的整数。</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../app/views/crash.py" line="65"/>
        <source>Error {n} at {time} (Beijing time)</source>
        <translation>错误 {n}，时间 {time}（北京时间）</translation>
    </message>
    <message>
        <location filename="../../app/views/crash.py" line="72"/>
        <source>Thread: {thread}</source>
        <translation>线程：{thread}</translation>
    </message>
</context>
<context>
    <name>dashboard</name>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="76"/>
        <source>{d} d {h} h</source>
        <translation>{d}天{h}小时</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="78"/>
        <source>{h} h {m} min</source>
        <translation>{h}小时{m}分</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_page.py" line="79"/>
        <source>{m} min</source>
        <translation>{m}分钟</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../app/services/core/auth.py" line="162"/>
        <location filename="../../app/services/core/auth.py" line="175"/>
        <location filename="../../app/services/core/auth.py" line="333"/>
        <source>This account is disabled. Please log in again.</source>
        <translation>该账号已停用，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/access.py" line="30"/>
        <source>This task key is not valid (mistyped, revoked, or its account is disabled). Ask the administrator for a new one.</source>
        <translation>该任务密钥无效（输错、已吊销或其账号已停用）。请向管理员申请新的密钥。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/access.py" line="66"/>
        <source>Name the key&apos;s task in 1-60 characters (e.g. nightly export).</source>
        <translation>请用 1-60 个字说明该密钥的用途（例如：夜间导出）。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/access.py" line="84"/>
        <source>No such task key.</source>
        <translation>没有这个任务密钥。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/access.py" line="140"/>
        <source>Wrong user name or password (checked against the accounts in {path}).</source>
        <translation>用户名或密码错误（按 {path} 中的账号核对）。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/access.py" line="144"/>
        <location filename="../../app/services/core/auth.py" line="165"/>
        <source>Your role may not do this ({permission}).</source>
        <translation>您的角色无权进行此操作（{permission}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="186"/>
        <source>The password needs at least {n} characters.</source>
        <translation>密码至少需要{n}位。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="189"/>
        <source>The password needs both letters and digits.</source>
        <translation>密码须同时包含字母和数字。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="120"/>
        <source>Wrong user name or password. After {n} wrong passwords in a row the account locks for {minutes} minutes.</source>
        <translation>用户名或密码错误。连续输错{n}次密码，账号将锁定{minutes}分钟。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="229"/>
        <source>Too many wrong passwords: this account is locked until {time}. Ask the administrator to reset the password, or wait.</source>
        <translation>密码输错次数过多，账号已锁定至 {time}。请等待，或请管理员重置密码。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="237"/>
        <source>Wrong password {n} times in a row: this account is locked for {minutes} minutes.</source>
        <translation>已连续输错{n}次密码，账号锁定{minutes}分钟。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="242"/>
        <source>This account is disabled. Ask the administrator.</source>
        <translation>该账号已停用，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/access.py" line="72"/>
        <location filename="../../app/services/core/auth.py" line="259"/>
        <location filename="../../app/services/core/auth.py" line="344"/>
        <source>No such account.</source>
        <translation>该账号不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="279"/>
        <source>User names are 2-32 lower-case letters, digits, &apos;.&apos; or &apos;_&apos;, starting with a letter.</source>
        <translation>用户名为2-32位小写字母、数字、“.”或“_”，须以字母开头。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="291"/>
        <source>The user name {name} is taken.</source>
        <translation>用户名 {name} 已被使用。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="309"/>
        <source>You cannot disable your own account.</source>
        <translation>不能停用自己的账号。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/auth.py" line="336"/>
        <source>The current password is not right.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/export.py" line="123"/>
        <source>Unknown format {fmt}; use json, csv or xlsx.</source>
        <translation>未知格式 {fmt}，请使用 json、csv 或 xlsx。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/export.py" line="61"/>
        <source>No category or sub-category is called {name} (give its name or code).</source>
        <translation>没有名为“{name}”的类别或子类（请填写名称或代码）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/export.py" line="62"/>
        <location filename="../../app/services/people/register_plan.py" line="232"/>
        <source>No grid is called {name} (give its name or code).</source>
        <translation>没有名为“{name}”的网格（请填写名称或代码）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/export.py" line="63"/>
        <source>No department is called {name}.</source>
        <translation>没有名为“{name}”的部门。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/export.py" line="234"/>
        <source>Unknown format {fmt} for the figures; use csv or xlsx.</source>
        <translation>统计数据不支持格式 {fmt}，请使用 csv 或 xlsx。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/export.py" line="237"/>
        <source>The period ends before it starts.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/canned_replies.py" line="28"/>
        <source>This canned reply no longer exists.</source>
        <translation>这条常用回复已经不存在了。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/canned_replies.py" line="58"/>
        <location filename="../../app/services/cases/intake.py" line="295"/>
        <location filename="../../app/services/cases/message_service.py" line="189"/>
        <location filename="../../app/services/cases/message_service.py" line="212"/>
        <location filename="../../app/services/cases/workflow.py" line="489"/>
        <location filename="../../app/services/cases/workflow.py" line="508"/>
        <location filename="../../app/services/ledger/timebank/team_cases.py" line="98"/>
        <location filename="../../app/services/programmes/partners.py" line="244"/>
        <location filename="../../app/services/programmes/partners.py" line="271"/>
        <source>No such case.</source>
        <translation>该诉求不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/canned_replies.py" line="162"/>
        <source>The category {name} is retired.</source>
        <translation>类别 {name} 已停用。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/canned_replies.py" line="169"/>
        <source>This category already has this reply.</source>
        <translation>这个类别已有这条回复。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/canned_replies.py" line="170"/>
        <source>This category already has this reply, retired: bring it back instead.</source>
        <translation>这个类别已有这条回复，已停用：请重新启用它。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="297"/>
        <source>Case {no} is no longer open; please log a new request.</source>
        <translation>诉求 {no} 已不在办理中，请重新登记。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="302"/>
        <source>{name} has already reported case {no}.</source>
        <translation>{name}已反映过诉求 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="328"/>
        <source>Request {no} is no longer open: log a new request marked as a repeat of it.</source>
        <translation>诉求 {no} 已经不在办理中：请登记新诉求，标为它的重复诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="345"/>
        <source>Please choose a category.</source>
        <translation>请选择诉求类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="349"/>
        <source>Please choose a sub-category.</source>
        <translation>请选择子类。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="351"/>
        <source>This sub-category belongs to another category.</source>
        <translation>该子类属于其他类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="408"/>
        <location filename="../../app/services/cases/intake.py" line="354"/>
        <source>Urgency is 1 to 5.</source>
        <translation>紧急程度应为1至5。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="140"/>
        <source>In minutes: at least 1 and at most {max} (a year of 366 days).</source>
        <translation>以分钟计：最少 1，最多 {max}（一年，按 366 天计）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="141"/>
        <source>In hours: at least 1 and at most {max} (a year of 366 days).</source>
        <translation>以小时计：最少 1，最多 {max}（一年，按 366 天计）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="142"/>
        <source>In working days: at least 1 and at most {max} (about a year).</source>
        <translation>按工作日：至少 1 个，最多 {max} 个（约一年）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="415"/>
        <source>A limit is in hours or in working days: give one of the two.</source>
        <translation>时限按小时或按工作日，只填其中一个。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="418"/>
        <source>Give at least one time limit: a rule with none changes nothing.</source>
        <translation>请至少填写一个时限：一个时限都不设的规则不起作用。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="424"/>
        <source>No such category.</source>
        <translation>该类别不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="430"/>
        <source>There is already a rule for this category and urgency: change that one instead.</source>
        <translation>该类别和紧急程度已有规则，请修改那条规则。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="447"/>
        <source>No such rule.</source>
        <translation>该规则不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/escalation.py" line="479"/>
        <source>Case {no}: its stored state differs from its timeline ({fields}).</source>
        <translation>诉求 {no}：保存的状态与办理记录不一致（{fields}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="356"/>
        <source>Please choose who is affected.</source>
        <translation>请选择影响范围。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="361"/>
        <location filename="../../app/services/cases/workflow.py" line="360"/>
        <source>A chosen department no longer exists.</source>
        <translation>所选的某个部门已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="369"/>
        <source>The deadline must be in the future.</source>
        <translation>期望解决时限须晚于当前时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="371"/>
        <source>The deadline is more than a year away.</source>
        <translation>期望解决时限不能超过一年。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="382"/>
        <source>The time limit rules have this request resolved by {latest} at the latest: set an earlier deadline, or take the rule&apos;s.</source>
        <translation>按时限规则，这件诉求最迟应在 {latest} 办结：请设早一些，或按规则设定。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="392"/>
        <source>Please choose the resident (search by name, pinyin, phone or address).</source>
        <translation>请选择居民（可按姓名、拼音、电话或地址查找）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="395"/>
        <source>This resident&apos;s personal data was erased; register the person again as a new resident.</source>
        <translation>此居民的个人信息已删除；如需办理，请重新登记为新居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="399"/>
        <source>This record was merged into another one of the same person; choose the resident again.</source>
        <translation>这条记录已合并到同一人的另一条记录，请重新选择居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="406"/>
        <source>Please choose how the request came in.</source>
        <translation>请选择受理方式。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="409"/>
        <source>The call time cannot be negative.</source>
        <translation>通话时长不能为负数。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="417"/>
        <source>This desk has no desk code; finish the first-start set-up.</source>
        <translation>本服务台还没有服务台代码，请先完成首次启动设置。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/intake.py" line="466"/>
        <location filename="../../app/services/cases/workflow.py" line="284"/>
        <location filename="../../app/services/programmes/partners.py" line="208"/>
        <source>No case with the number {no}.</source>
        <translation>没有受理编号为 {no} 的诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/common.py" line="218"/>
        <location filename="../../app/services/ledger/timebank/family.py" line="62"/>
        <location filename="../../app/services/ledger/timebank/family.py" line="119"/>
        <location filename="../../app/services/ledger/timebank/records.py" line="85"/>
        <location filename="../../app/services/ledger/timebank/statements.py" line="62"/>
        <location filename="../../app/services/people/households.py" line="215"/>
        <location filename="../../app/services/people/merge.py" line="116"/>
        <location filename="../../app/services/people/personal_data.py" line="136"/>
        <location filename="../../app/services/people/personal_data.py" line="265"/>
        <location filename="../../app/services/people/register.py" line="231"/>
        <location filename="../../app/services/people/residents.py" line="240"/>
        <location filename="../../app/services/people/residents.py" line="251"/>
        <location filename="../../app/services/people/tags.py" line="106"/>
        <source>No such resident.</source>
        <translation>该居民不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/personal_data.py" line="267"/>
        <location filename="../../app/services/people/register.py" line="235"/>
        <source>This resident&apos;s personal data has already been erased.</source>
        <translation>此居民的个人信息已经删除。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/personal_data.py" line="271"/>
        <source>{name} still has {n} open request(s) ({cases}). Personal data can be erased only after every request they reported is resolved.</source>
        <translation>{name} 还有 {n} 件未办结的诉求（{cases}）。其反映的诉求全部办结后，才能删除个人信息。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="44"/>
        <source>The ID number is incomplete (the spreadsheet probably stored it as a number).</source>
        <extracomment>The household tags a new community has (the import reads the catalogue&apos;s own: ``tag_words``).</extracomment>
        <translation>身份证号不完整（可能被表格存成了数字）。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="140"/>
        <source>The address {address} is not understood: write it as 3-2-301 or 3号楼2单元301室.</source>
        <translation>无法识别住址“{address}”：请写成 3-2-301 或 3号楼2单元301室。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="150"/>
        <location filename="../../app/services/people/residents.py" line="350"/>
        <source>Digits only, please (e.g. 3, 2, 301).</source>
        <translation>请只填数字（例如 3、2、301）。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="156"/>
        <source>A unit or room is given without its building.</source>
        <translation>填写了单元或室，但没有楼号。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="173"/>
        <source>The birth date {value} is not a possible date.</source>
        <translation>出生日期 {value} 不是有效的日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="180"/>
        <source>The birth date {value} does not match the ID number&apos;s ({id_date}).</source>
        <translation>出生日期 {value} 与身份证号中的出生日期（{id_date}）不一致。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="194"/>
        <source>The name is missing.</source>
        <translation>缺少姓名。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="198"/>
        <location filename="../../app/services/people/residents.py" line="352"/>
        <source>A name cannot contain digits.</source>
        <translation>姓名不能包含数字。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="200"/>
        <location filename="../../app/services/people/residents.py" line="354"/>
        <source>This name marks residents whose data was erased.</source>
        <translation>此名称专用于标记已删除信息的居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="208"/>
        <source>The gender {value} is not understood: write 男 or 女 (or 1 and 2).</source>
        <translation>无法识别性别“{value}”：请填写男或女（或 1、2）。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="229"/>
        <source>Unknown household type {tag}: use {names}.</source>
        <translation>不认识的户类型“{tag}”：请用 {names}。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/residents.py" line="253"/>
        <source>No ID number is on file for {name}.</source>
        <translation>{name}没有登记身份证号。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/list_conditions.py" line="159"/>
        <source>An age is between 0 and {most}.</source>
        <translation>年龄应在 0 到 {most} 岁之间。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/list_conditions.py" line="161"/>
        <source>Age up to {to} is below age from {frm}: nobody can be both; please change one of them.</source>
        <translation>年龄上限 {to} 岁小于下限 {frm} 岁，没有人能同时符合，请修改其中一个。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/list_conditions.py" line="166"/>
        <source>The number of days is from 1 to {most}.</source>
        <translation>天数应在 1 到 {most} 之间。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/list_conditions.py" line="169"/>
        <location filename="../../app/services/people/list_conditions.py" line="172"/>
        <source>A balance cannot be negative (and at most {most}).</source>
        <translation>余额不能是负数（最多 {most}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/list_conditions.py" line="175"/>
        <location filename="../../app/services/people/residents.py" line="356"/>
        <source>Please choose male or female.</source>
        <translation>请选择男或女。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/list_conditions.py" line="177"/>
        <source>Please choose who of those who moved away to include.</source>
        <translation>请选择是否包括已迁出的居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/list_conditions.py" line="180"/>
        <source>A building is written by its number, such as 3 or 3号楼: {wrong} is not.</source>
        <translation>楼栋请写楼号，如 3 或 3号楼：“{wrong}”不是楼号。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_rows.py" line="211"/>
        <location filename="../../app/services/people/residents.py" line="359"/>
        <source>The gender does not match the ID number.</source>
        <translation>性别与身份证号不符。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="104"/>
        <source>Please choose a relation from the list.</source>
        <translation>请从列表里选择与户主的关系。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="107"/>
        <source>An ID number on file can be corrected but not removed.</source>
        <translation>已登记的身份证号只能更正，不能清空。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="150"/>
        <source>Please choose moved away, deceased or living here.</source>
        <translation>请选择已迁出、已故或在册。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="152"/>
        <source>Please give the date.</source>
        <translation>请填写日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="154"/>
        <location filename="../../app/services/programmes/employment.py" line="49"/>
        <source>The date cannot be in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="164"/>
        <source>The date is before the resident&apos;s birth ({born}).</source>
        <translation>日期早于该居民的出生日期（{born}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="174"/>
        <source>The resident&apos;s notes would pass {n} characters; shorten them first.</source>
        <translation>该居民的备注将超过 {n} 个字，请先删减。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="201"/>
        <source>Please choose a grid in use.</source>
        <translation>请选择在用的网格。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register.py" line="233"/>
        <source>This record was merged into another; edit that one.</source>
        <translation>这条记录已合并到另一条记录，请编辑那一条。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/households.py" line="178"/>
        <source>No such building.</source>
        <translation>没有这栋楼。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/households.py" line="206"/>
        <location filename="../../app/services/people/register.py" line="242"/>
        <source>No such household.</source>
        <translation>没有这一户。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="195"/>
        <source>Building {building} is not in this community&apos;s list of buildings.</source>
        <translation>楼栋 {building} 不在本社区的楼栋表中。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="203"/>
        <location filename="../../app/services/people/register_plan.py" line="245"/>
        <source>Row {row} of this file is the same person.</source>
        <translation>与本表第 {row} 行是同一人。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="206"/>
        <source>A new resident needs the building, unit and room (as on the desk&apos;s form).</source>
        <translation>新居民须填写楼号、单元和室（与前台登记相同）。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="211"/>
        <source>A household type needs the household&apos;s address.</source>
        <translation>填写户类型时须同时填写住址。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="214"/>
        <source>A grid needs the household&apos;s address.</source>
        <translation>填写网格时须同时填写住址。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="240"/>
        <source>The same ID number is already on row {row} of this file.</source>
        <translation>本表第 {row} 行已有相同的身份证号。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="253"/>
        <source>This ID number belongs to {name}, recorded as {status}: an import does not bring them back. Change their status on the residents page first.</source>
        <translation>该身份证号属于{name}，登记状态为“{status}”：导入不会恢复其登记。请先在居民页面修改其状态。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="259"/>
        <location filename="../../app/services/people/residents.py" line="371"/>
        <source>This ID number is already registered for {name}.</source>
        <translation>该身份证号已登记在{name}名下。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="272"/>
        <source>{name} with this phone is registered with another ID number.</source>
        <translation>登记的{name}（此电话）使用的是另一个身份证号。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="276"/>
        <source>{n} registered residents have this name and phone: give the ID number to tell them apart.</source>
        <translation>已登记的居民中有 {n} 人姓名和电话都相同：请填写身份证号加以区分。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_plan.py" line="295"/>
        <source>Row {row} of this file puts this household in another grid.</source>
        <translation>本表第 {row} 行把这一户填在了另一个网格。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/setup.py" line="115"/>
        <source>This database already belongs to a community.</source>
        <translation>该数据库已属于某个社区。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/setup.py" line="128"/>
        <source>A desk code is 2-8 letters or digits starting with a letter, e.g. A01.</source>
        <translation>服务台代码为2-8位字母或数字，须以字母开头，例如 A01。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/setup.py" line="168"/>
        <source>Another desk already uses the code {code}.</source>
        <translation>代码 {code} 已被其他服务台使用。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/desk.py" line="115"/>
        <location filename="../../app/services/core/setup.py" line="139"/>
        <location filename="../../app/services/core/setup.py" line="192"/>
        <source>The community has not been set up yet.</source>
        <translation>社区尚未设置。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/desk.py" line="134"/>
        <location filename="../../app/services/people/tags.py" line="183"/>
        <source>Between {low} and {high}, please.</source>
        <translation>请填写 {low} 到 {high} 之间的数。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/desk.py" line="144"/>
        <source>Give the folder&apos;s full path, e.g. E:\备份.</source>
        <translation>请填写文件夹的完整路径，如 E:\备份。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/desk.py" line="146"/>
        <source>The folder {folder} is not there. Plug in the USB stick first.</source>
        <translation>找不到文件夹 {folder}。请先插上 U 盘。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="81"/>
        <source>A phone number may contain only digits, spaces and &apos;-&apos;.</source>
        <translation>电话号码只能包含数字、空格和“-”。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="95"/>
        <source>A mobile number has 11 digits; this one has {n}.</source>
        <translation>手机号应为11位，当前为{n}位。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="97"/>
        <source>This is not a valid mobile number (the second digit is 3-9).</source>
        <translation>手机号无效（第二位应为3-9）。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="99"/>
        <source>A landline is the area code and 7-8 digits, e.g. 0412-5581234.</source>
        <translation>固定电话应为区号加7-8位号码，例如 0412-5581234。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="101"/>
        <source>This is not a valid phone number.</source>
        <translation>电话号码无效。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="122"/>
        <source>An ID number has 18 characters; this one has {n}.</source>
        <translation>身份证号应为18位，当前为{n}位。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="124"/>
        <source>An ID number is 17 digits and a last digit or X.</source>
        <translation>身份证号前17位为数字，最后一位为数字或X。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="127"/>
        <source>The ID number&apos;s region code (first digits) is not valid.</source>
        <translation>身份证号开头的地区码无效。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="132"/>
        <source>The birth date inside the ID number is not a real date.</source>
        <translation>身份证号中的出生日期不是有效日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="134"/>
        <source>The birth date inside the ID number is not possible.</source>
        <translation>身份证号中的出生日期不合理。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="136"/>
        <source>The ID number says born in {year}: the birth date inside the ID number is not possible (before {earliest}). Please check the year digits.</source>
        <translation>身份证号码显示出生于 {year} 年：早于 {earliest} 年，身份证号码中的出生日期不可能。请核对年份数字。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="140"/>
        <source>The ID number&apos;s check digit is wrong: please check each digit again.</source>
        <translation>身份证号校验位不正确，请逐位核对。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="151"/>
        <location filename="../../app/services/core/validation.py" line="174"/>
        <location filename="../../app/views/intake_page.py" line="626"/>
        <location filename="../../app/views/intake_page.py" line="628"/>
        <source>This field is required.</source>
        <translation>此项必填。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="154"/>
        <source>At least {n} characters, please.</source>
        <translation>请至少输入{n}个字。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="37"/>
        <source>This patrol log entry no longer exists.</source>
        <translation>这条民情日记已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="99"/>
        <source>The time of the visit cannot be in the future.</source>
        <translation>走访时间不能晚于现在。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="101"/>
        <source>The visit is more than {n} days ago.</source>
        <translation>走访时间早于 {n} 天前。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="104"/>
        <source>This visit is no longer due; choose it again.</source>
        <translation>这次走访已不在待办中，请重新选择。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="162"/>
        <source>This entry already became request {no}.</source>
        <translation>这条日记已经登记为诉求 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="186"/>
        <source>Please say where: an address such as 3-2-301, a building such as 3号楼, or the place.</source>
        <translation>请写明地点：地址如 3-2-301，楼栋如 3号楼，或具体地点。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="190"/>
        <location filename="../../app/services/core/validation.py" line="156"/>
        <source>At most {n} characters; now {len}.</source>
        <translation>最多{n}个字，当前{len}个。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="198"/>
        <source>No household is registered at {address}.</source>
        <translation>{address} 没有登记住户。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="45"/>
        <source>The database schema is at revision {have}, the app expects {want}.</source>
        <translation>数据库结构版本为 {have}，程序需要 {want}。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="75"/>
        <source>SQLite integrity check failed: {detail}</source>
        <translation>SQLite 完整性检查未通过：{detail}</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="78"/>
        <source>Record {rowid} of {thing} points to a {parent} that no longer exists.</source>
        <translation>{thing} 的第 {rowid} 条记录所指向的{parent}已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="108"/>
        <source>Case {no} has a malformed number.</source>
        <translation>诉求 {no} 的受理编号格式不正确。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="111"/>
        <source>Case {no} is beyond its desk&apos;s counter; the next number could repeat it.</source>
        <translation>诉求 {no} 超出了所属服务台的编号计数，后续编号可能与其重复。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="114"/>
        <source>Case {no} has {n} intake events instead of one.</source>
        <translation>诉求 {no} 有 {n} 条受理记录，应只有 1 条。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="118"/>
        <source>Case {no}: priority {p} is not urgency times scope.</source>
        <translation>诉求 {no}：优先级 {p} 不等于紧急程度乘以影响范围。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="122"/>
        <source>Case {no} says {n} households but its reporters come from {m}.</source>
        <translation>诉求 {no} 记为 {n} 户，但反映人来自 {m} 户。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="135"/>
        <source>The dashboard&apos;s daily figures of {n} day(s) ({days}) differ from a recount of the requests. Count them again with: main.py verify --rebuild-figures</source>
        <translation>数据看板有 {n} 天（{days}）的按日统计与按诉求重新统计的结果不符。可用以下命令重新统计：main.py verify --rebuild-figures</translation>
    </message>
    <message>
        <location filename="../../app/services/core/verify.py" line="142"/>
        <source>The guard that stops {against} of {thing} records is missing: someone removed it from the database file.</source>
        <translation>防止{thing}被{against}的保护已不存在：有人从数据库文件中删除了它。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/setup.py" line="101"/>
        <location filename="../../app/views/account_dialogs.py" line="52"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup.py" line="137"/>
        <source>This desk uses a shared database server; back it up on the server (pg_dump).</source>
        <translation>本服务台使用共享的数据库服务器，请在服务器上备份（pg_dump）。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup.py" line="155"/>
        <source>{path} is a file, not a folder: give the folder to put the backup in.</source>
        <translation>{path} 是文件，不是文件夹：请给出存放备份的文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup.py" line="174"/>
        <source>The backup folder {folder} is not there. Plug in the USB stick, or choose another folder in File &gt; Backup and restore.</source>
        <translation>找不到备份文件夹 {folder}。请插上 U 盘，或在“文件 &gt; 备份与恢复”中选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup.py" line="246"/>
        <location filename="../../app/services/core/backup.py" line="314"/>
        <source>No backup file at {path}.</source>
        <translation>找不到备份文件 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup.py" line="261"/>
        <source>The backup {path} was made by a newer version of Community Desk (schema {revision}); this version cannot open it, so it is not restored. Nothing was changed. Install the newer version to restore it.</source>
        <translation>备份 {path} 由更新版本的社区服务台生成（数据结构 {revision}）；本版本无法打开，因此未恢复，未做任何更改。请先安装新版本再恢复。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="215"/>
        <source>The audit trail is still empty: there is nothing to anchor yet.</source>
        <translation>审计记录还是空的，暂时没有可以留存的校验码。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="229"/>
        <source>No anchor file at {path}.</source>
        <translation>找不到校验文件 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="248"/>
        <location filename="../../app/services/core/anchors.py" line="270"/>
        <source>{path} holds no fingerprint of the audit trail (one reads like A01-CLJS-DSGR-CHVJ-VPSH).</source>
        <translation>{path} 里没有审计校验码（校验码形如 A01-CLJS-DSGR-CHVJ-VPSH）。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="267"/>
        <location filename="../../app/services/core/backup.py" line="252"/>
        <location filename="../../app/services/core/backup.py" line="321"/>
        <source>{path} is not a readable desk database: {error}</source>
        <translation>{path} 不是可读取的服务台数据库：{error}</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="297"/>
        <source>Anchor {fingerprint} ({source}): the audit trail of desk {desk} no longer has entry {seq}: entries were deleted or the trail was cut back after it was published.</source>
        <translation>校验码 {fingerprint}（{source}）：服务台 {desk} 的审计记录里已没有第 {seq} 条：发布之后有记录被删除或被截短。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="301"/>
        <source>Anchor {fingerprint} ({source}): entry {seq} of desk {desk} now reads {now}: the audit trail was rewritten at or before this entry after it was published.</source>
        <translation>校验码 {fingerprint}（{source}）：服务台 {desk} 的第 {seq} 条记录现在是 {now}：发布之后，这一条或它之前的审计记录被改写过。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="326"/>
        <source>Backup {file}: entry {seq} of desk {desk} ({what}) is missing from the audit trail: it was deleted after the backup.</source>
        <translation>备份 {file}：服务台 {desk} 的第 {seq} 条操作记录（{what}）已不在数据库中：备份之后被删除了。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="335"/>
        <source>Backup {file}: entry {seq} of desk {desk} differs from the backup&apos;s copy (there: {what}; now: {now}): the audit trail was rewritten from there on after the backup.</source>
        <translation>备份 {file}：服务台 {desk} 的第 {seq} 条操作记录与备份中的不一致（备份中：{what}；现在：{now}）：备份之后，操作记录从这一条起被改写过。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/anchors.py" line="353"/>
        <source>The fingerprint {fingerprint} published on {place} {reference} is no longer in the audit trail: the trail was rewritten after it was published.</source>
        <translation>在{place}（{reference}）上发布的校验码 {fingerprint} 已不在审计记录中：发布之后审计记录被改写过。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup.py" line="255"/>
        <source>The backup {path} is damaged: {detail}</source>
        <translation>备份 {path} 已损坏：{detail}</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup.py" line="258"/>
        <location filename="../../app/services/core/backup.py" line="324"/>
        <source>{path} is not a desk database.</source>
        <translation>{path} 不是服务台数据库。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/container.py" line="151"/>
        <source>The database {path} is damaged ({detail}). Nothing was changed. Restore the newest backup with: main.py restore {backup}</source>
        <translation>数据库 {path} 已损坏（{detail}），未做任何更改。请用最新的备份恢复：main.py restore {backup}</translation>
    </message>
    <message>
        <location filename="../../app/services/core/audit.py" line="227"/>
        <source>Audit trail of desk {desk}: entries {first} to {last} are missing (deleted).</source>
        <translation>服务台 {desk} 的操作记录：第 {first} 至 {last} 条缺失（已被删除）。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/audit.py" line="234"/>
        <source>Audit trail of desk {desk}: entry {seq} ({what}) does not match the chain: it was altered.</source>
        <translation>服务台 {desk} 的第 {seq} 条操作记录（{what}）与链不符：已被改动。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/audit.py" line="242"/>
        <source>Audit trail of desk {desk}: its newest entries are missing or the chain end was moved.</source>
        <translation>服务台 {desk} 的操作记录：最新的记录缺失，或链尾被改动。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="103"/>
        <location filename="../../app/services/ledger/posting.py" line="137"/>
        <source>This account does not exist.</source>
        <translation>此账户不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="107"/>
        <source>{name} is kept at desk {desk}: only that desk takes from it, so that two desks never spend the same balance. Please go to desk {desk}.</source>
        <translation>“{name}”由服务台 {desk} 管理：只有该服务台可以从中支取，以免两个服务台重复花掉同一笔余额。请到服务台 {desk} 办理。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="126"/>
        <source>Amounts must be whole multiples of {step}.</source>
        <translation>数额必须是 {step} 的整数倍。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="150"/>
        <source>{name} has {have} but {need} would be taken out: a balance never goes below zero.</source>
        <translation>{name} 结余 {have}，要取出 {need}：结余不能低于零。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="154"/>
        <source>{name} would hold {total}, above the cap of {cap}; {overflow} would not fit.</source>
        <translation>{name} 将结余 {total}，超过上限 {cap}；超出 {overflow}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="167"/>
        <location filename="../../app/services/ledger/timebank/records.py" line="394"/>
        <source>This ledger entry does not exist.</source>
        <translation>此笔流水不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="169"/>
        <source>A reversal cannot itself be reversed; record the correct entry instead.</source>
        <translation>冲正记录不能再冲正；请重新登记正确的记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="172"/>
        <source>Please give the reason for the reversal.</source>
        <translation>请填写冲正原因。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="175"/>
        <location filename="../../app/services/ledger/posting.py" line="184"/>
        <source>This entry was already reversed; it can be reversed only once.</source>
        <translation>此笔已经冲正过，只能冲正一次。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="227"/>
        <source>Ledger entry {id}: its {n} postings sum to {total}, not zero.</source>
        <translation>流水 {id}：{n} 条分录合计 {total}，不为零。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="237"/>
        <source>Ledger entry {id} has no postings.</source>
        <translation>流水 {id} 没有分录。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="246"/>
        <source>Ledger account {name} ({code}): cached balance {cached} but its postings sum to {total}.</source>
        <translation>账户 {name}（{code}）：记录的结余为 {cached}，分录合计却是 {total}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/posting.py" line="252"/>
        <source>Ledger account {name} ({code}) is below zero: {value}.</source>
        <translation>账户 {name}（{code}）结余低于零：{value}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="58"/>
        <source>The step must be one of {steps} minutes.</source>
        <translation>取整单位必须是 {steps} 分钟之一。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="61"/>
        <source>The cap and the daily maximum must be whole steps.</source>
        <translation>存储上限和每日上限必须是取整单位的整数倍。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="64"/>
        <source>The cap must be between 1 and 100000 hours.</source>
        <translation>存储上限须在 1 到 100000 小时之间。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="66"/>
        <source>The daily maximum must be between half an hour and 24 hours.</source>
        <translation>每日上限须在半小时到 24 小时之间。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="69"/>
        <source>Between 0 and 24 hours, please.</source>
        <translation>请填写 0 到 24 小时之间的数值。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="71"/>
        <source>An age between 0 and 120, please.</source>
        <translation>请填写 0 到 120 之间的年龄。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="204"/>
        <source>This council item no longer exists.</source>
        <translation>该议事事项已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/board.py" line="167"/>
        <source>The notice was changed after it was made; make it again.</source>
        <translation>公示生成后已被改动，请重新生成。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council.py" line="118"/>
        <source>An item of this meeting is due on {day}, before this date: change its deadline first.</source>
        <translation>本次议事会有事项的完成时限为 {day}，早于该日期：请先修改该事项的完成时限。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council.py" line="180"/>
        <source>Item {seq} is done already.</source>
        <translation>第 {seq} 项已经完成。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council.py" line="182"/>
        <source>Item {seq} is on the duties list already.</source>
        <translation>第 {seq} 项已经列入事项。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council.py" line="248"/>
        <source>No {level} was held from {start} to {end}.</source>
        <translation>{start} 至 {end} 期间没有召开{level}。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/board.py" line="199"/>
        <source>No such published notice.</source>
        <translation>该已发布公示不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/board.py" line="201"/>
        <source>The stored copy of {title} does not match its recorded fingerprint.</source>
        <translation>{title} 的存档与记录的校验值不符。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/visits.py" line="155"/>
        <location filename="../../app/services/notices/board.py" line="218"/>
        <location filename="../../app/services/notices/council.py" line="238"/>
        <source>The period ends before it begins.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/board.py" line="220"/>
        <location filename="../../app/services/notices/council.py" line="240"/>
        <source>A notice covers at most one year.</source>
        <translation>一份公示最多涵盖一年。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/shared.py" line="30"/>
        <source>Hide at most {n} words of at most 40 characters each on one notice.</source>
        <translation>一份公示最多手动隐去{n}个词，每个词不超过40个字。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="60"/>
        <source>The meeting cannot be later than today: record its decisions once it has been held.</source>
        <translation>议事会日期不能晚于今天：请在会议召开后再登记决议。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/canned_replies.py" line="150"/>
        <location filename="../../app/services/cases/message_service.py" line="183"/>
        <location filename="../../app/services/cases/messages.py" line="125"/>
        <location filename="../../app/services/cases/workflow.py" line="188"/>
        <location filename="../../app/services/core/validation.py" line="167"/>
        <location filename="../../app/services/ledger/points/common.py" line="225"/>
        <location filename="../../app/services/ledger/points/rules.py" line="216"/>
        <location filename="../../app/services/ledger/timebank/common.py" line="49"/>
        <location filename="../../app/services/ledger/timebank/family.py" line="50"/>
        <location filename="../../app/services/ledger/timebank/records.py" line="107"/>
        <location filename="../../app/services/ledger/timebank/records.py" line="109"/>
        <location filename="../../app/services/ledger/timebank/spending.py" line="43"/>
        <location filename="../../app/services/ledger/timebank/team_cases.py" line="85"/>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="88"/>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="116"/>
        <location filename="../../app/services/people/register.py" line="157"/>
        <location filename="../../app/services/people/register.py" line="268"/>
        <location filename="../../app/services/people/register_rows.py" line="233"/>
        <source>At most {n} characters.</source>
        <translation>最多 {n} 个字。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="63"/>
        <source>Please choose the council&apos;s level.</source>
        <translation>请选择议事会层级。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="71"/>
        <source>Name the department or the person responsible.</source>
        <translation>请填写责任部门或责任人。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="74"/>
        <source>The deadline cannot be before the meeting ({day}).</source>
        <translation>完成时限不能早于议事会召开日期（{day}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="85"/>
        <source>A building meeting belongs to a building: please choose which.</source>
        <translation>楼栋议事会属于某一栋楼：请选择楼栋。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="90"/>
        <source>A grid meeting belongs to a grid: please choose which.</source>
        <translation>网格议事会属于某一个网格：请选择网格。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="105"/>
        <source>The previous meeting of this council was held on {day}: a meeting cannot be dated before it.</source>
        <translation>这个议事会上一次在 {day} 召开：本次会议日期不能早于该日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="114"/>
        <source>At most {n} attendees on one meeting.</source>
        <translation>一次会议最多 {n} 名参会人员。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="123"/>
        <source>“{name}” was typed, not chosen: choose each attendee from the register of residents, the staff accounts or a department.</source>
        <translation>“{name}”是手工输入的，不是选出来的：请从居民花名册、工作人员账号或部门中选择每位参会人员。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="132"/>
        <source>“{name}” is no longer in the register of residents.</source>
        <translation>“{name}”已不在居民花名册中。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="139"/>
        <source>{name} does not live in {building}: a building meeting&apos;s representatives are its own residents.</source>
        <translation>{name}不住在{building}：楼栋议事会的代表必须是本楼居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="146"/>
        <source>“{name}” is not an active staff account.</source>
        <translation>“{name}”不是在用的工作人员账号。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="156"/>
        <source>Give the name of {department}&apos;s representative (at most {n} characters).</source>
        <translation>请填写{department}代表的姓名（最多 {n} 个字）。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="163"/>
        <source>{name} is listed twice.</source>
        <translation>{name}重复列出了。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="171"/>
        <source>A building elects one or two residents&apos; representatives; {n} are marked.</source>
        <translation>每栋楼推选 1 至 2 名居民代表，现在标记了 {n} 名。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="180"/>
        <source>At most {n} requests behind one meeting&apos;s topics.</source>
        <translation>一次会议的议题最多关联 {n} 件诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="184"/>
        <source>A request number has at most 32 characters.</source>
        <translation>诉求编号最多 32 个字符。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="189"/>
        <source>No request is numbered {numbers}.</source>
        <translation>没有编号为 {numbers} 的诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/departments.py" line="107"/>
        <source>{name} has been called in on {cases} requests and is named in {items} council items: it cannot be deleted. Retire it instead.</source>
        <translation>“{name}”已在 {cases} 件诉求中被吹哨、在 {items} 项议事事项中被提及，不能删除，请改为停用。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/departments.py" line="121"/>
        <source>Choose what kind of body it is.</source>
        <translation>请选择部门类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/departments.py" line="140"/>
        <source>There is already a department called {name}.</source>
        <translation>已有名为“{name}”的部门。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/departments.py" line="22"/>
        <location filename="../../app/services/notices/council_rules.py" line="153"/>
        <location filename="../../app/services/notices/council_rules.py" line="210"/>
        <source>This department no longer exists.</source>
        <translation>该部门已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/notices/council_rules.py" line="197"/>
        <source>This council meeting no longer exists.</source>
        <translation>该次议事会已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="94"/>
        <source>This service earned {name} {points} points, of which {have} are left (the rest were redeemed or have lapsed): the points cannot be taken back, so the entry is not reversed. Cancelling an unused voucher of theirs first gives points back.</source>
        <translation>这次服务为 {name} 获得 {points} 积分，现只剩 {have} 积分（其余已兑换或已过期）：积分无法收回，因此不能冲正此笔。可先撤销其未使用的兑换券，退回积分后再冲正。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/check.py" line="40"/>
        <source>Reward {name}: stock {stock} but its stock moves sum to {total}.</source>
        <translation>兑换项目 {name}：库存为 {stock}，但库存变动合计为 {total}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/check.py" line="47"/>
        <source>Points redeemed: the ledger holds {ledger} but the vouchers not cancelled add up to {vouchers}.</source>
        <translation>积分兑换：账上为 {ledger}，但未撤销的兑换券合计为 {vouchers}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/check.py" line="58"/>
        <source>Voucher {code} is for {points} points but its ledger entry took {posted}.</source>
        <translation>兑换券 {code} 为 {points} 积分，但其流水扣除了 {posted}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/check.py" line="65"/>
        <source>Voucher {code} is {status} but its ledger entry says otherwise (reversed or not).</source>
        <translation>兑换券 {code} 状态为“{status}”，但其流水是否冲正与此不符。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/check.py" line="72"/>
        <source>Points award {id} is for {points} points but its ledger entry gave {posted}.</source>
        <translation>积分发放记录 {id} 为 {points} 积分，但其流水记入了 {posted}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="166"/>
        <source>Please choose what earns the points.</source>
        <translation>请选择积分获取方式。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="175"/>
        <source>The monthly cap cannot be below the daily cap.</source>
        <translation>每月上限不能低于每日上限。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="184"/>
        <source>This earning rule does not exist.</source>
        <translation>该积分规则不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="186"/>
        <source>There is already a rule called {name}.</source>
        <translation>已有名为“{name}”的规则。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="189"/>
        <source>Only one volunteer-hour rule can be in force: it is the one verified service earns by.</source>
        <translation>只能有一条“志愿服务（每小时）”规则生效：已核实的服务按这条规则获得积分。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="220"/>
        <source>Please choose who earns the points.</source>
        <translation>请选择获得积分的居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="222"/>
        <source>At most {n} residents at once.</source>
        <translation>一次最多 {n} 位居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="226"/>
        <source>Points cannot be awarded for a day still to come.</source>
        <translation>不能为尚未到来的日期发放积分。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="231"/>
        <source>Please choose the earning rule.</source>
        <translation>请选择积分规则。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="233"/>
        <source>The rule {name} is no longer in force.</source>
        <translation>规则“{name}”已停止执行。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="236"/>
        <source>Points earned on {day} were valid until {last}: they would lapse at once.</source>
        <translation>{day} 获得的积分有效期至 {last}，发放后会立即过期。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="241"/>
        <source>A chosen resident no longer exists.</source>
        <translation>所选的一位居民已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="247"/>
        <source>Past the cap of the rule {rule} on {day}: {names}.</source>
        <translation>以下居民在 {day} 已超过规则“{rule}”的上限：{names}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/rules.py" line="275"/>
        <source>This award does not exist.</source>
        <translation>该积分发放记录不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="78"/>
        <source>Please choose the kind of merchant.</source>
        <translation>请选择商家类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="87"/>
        <location filename="../../app/services/ledger/points/settlement.py" line="130"/>
        <source>This merchant does not exist.</source>
        <translation>该商家不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="92"/>
        <location filename="../../app/services/programmes/partners.py" line="291"/>
        <source>This partner is no longer on the list.</source>
        <translation>该合作单位已不在资源清单中。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="94"/>
        <source>{name} is a points merchant already.</source>
        <translation>{name}已经是积分商家。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="149"/>
        <location filename="../../app/services/ledger/points/settlement.py" line="124"/>
        <source>The last day cannot be before the first.</source>
        <translation>结束日期不能早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="156"/>
        <source>This reward does not exist.</source>
        <translation>该兑换项目不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="159"/>
        <source>Please choose the merchant.</source>
        <translation>请选择商家。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="161"/>
        <source>A reward stays with its merchant; add a new reward for another one.</source>
        <translation>兑换项目不能更换商家；其他商家请另行新增兑换项目。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="165"/>
        <source>{merchant} already offers a reward called {name}.</source>
        <translation>{merchant} 已有名为“{name}”的兑换项目。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="186"/>
        <source>Please give how many items come in or go out.</source>
        <translation>请填写入库或出库的数量。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/catalogue.py" line="188"/>
        <source>Please say why the items are written off.</source>
        <translation>请填写报损原因。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/common.py" line="179"/>
        <source>{reward} is given out at desk {desk}: only that desk takes from its stock, so that two desks never give out the last one twice. Please go to desk {desk}.</source>
        <translation>{reward}由服务台 {desk} 发放：只有该服务台可以动用库存，以免两个服务台把最后一件重复兑出。请到服务台 {desk} 办理。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/common.py" line="200"/>
        <location filename="../../app/services/ledger/points/offers.py" line="65"/>
        <source>{reward} is out of stock.</source>
        <translation>{reward} 已无库存。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/common.py" line="201"/>
        <source>Only {stock} of {reward} are in stock.</source>
        <translation>{reward} 仅剩 {stock} 件库存。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/common.py" line="211"/>
        <source>Please choose a reward.</source>
        <translation>请选择兑换项目。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/vouchers.py" line="119"/>
        <location filename="../../app/services/ledger/timebank/spending.py" line="145"/>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="94"/>
        <source>Please choose a resident.</source>
        <translation>请选择居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="43"/>
        <source>Merchant not active</source>
        <translation>商家暂停合作</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="44"/>
        <source>{merchant} is not an active partner merchant at present: its rewards cannot be redeemed.</source>
        <translation>{merchant} 目前不是合作商家，其兑换项目暂不能兑换。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="47"/>
        <source>Withdrawn</source>
        <translation>已下架</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="48"/>
        <source>{reward} is no longer offered.</source>
        <translation>{reward} 已停止兑换。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="50"/>
        <source>From {day}</source>
        <translation>{day}起可兑换</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="51"/>
        <source>{reward} can be redeemed from {day}.</source>
        <translation>{reward} 自 {day} 起才能兑换。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="54"/>
        <source>Offer ended</source>
        <translation>已过兑换期</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="55"/>
        <source>{reward} could be redeemed until {day}; the offer has expired.</source>
        <translation>{reward} 的兑换截止日期为 {day}，已过期。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="59"/>
        <source>Limit of {limit} reached</source>
        <translation>已达每人限兑 {limit} 次</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="60"/>
        <source>{name} has already redeemed {reward} {n} times; the limit is {limit} per resident.</source>
        <translation>{name} 已兑换 {reward} {n} 次；每位居民限兑 {limit} 次。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="64"/>
        <source>Out of stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="68"/>
        <source>{short} points short</source>
        <translation>差 {short} 分</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/offers.py" line="69"/>
        <source>{name} has {have} points; {reward} needs {price}.</source>
        <translation>{name} 现有 {have} 积分，兑换 {reward} 需要 {price} 积分。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/vouchers.py" line="183"/>
        <source>Voucher {code} was already honoured on {day}; a voucher is honoured once.</source>
        <translation>兑换券 {code} 已于 {day} 核销；每张兑换券只能核销一次。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/vouchers.py" line="187"/>
        <source>Voucher {code} was cancelled and its points returned: it cannot be honoured.</source>
        <translation>兑换券 {code} 已撤销，积分已退回，不能核销。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/vouchers.py" line="190"/>
        <source>Voucher {code} is for {merchant}, not for this merchant.</source>
        <translation>兑换券 {code} 属于 {merchant}，不是本商家的兑换券。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/vouchers.py" line="208"/>
        <location filename="../../app/services/ledger/points/vouchers.py" line="229"/>
        <source>This voucher does not exist.</source>
        <translation>该兑换券不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/vouchers.py" line="210"/>
        <source>Voucher {code} is {status}: only a voucher not yet honoured can be cancelled.</source>
        <translation>兑换券 {code} 状态为“{status}”：只有待核销的兑换券才能撤销。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/vouchers.py" line="242"/>
        <source>A voucher code has {n} letters and digits, e.g. 7KQ9-M3XA.</source>
        <translation>兑换码由 {n} 位字母和数字组成，例如 7KQ9-M3XA。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/vouchers.py" line="248"/>
        <source>There is no voucher {code}. Please check the code.</source>
        <translation>没有兑换码为 {code} 的兑换券，请核对兑换码。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/points/common.py" line="231"/>
        <location filename="../../app/services/programmes/partners.py" line="190"/>
        <source>A whole number from {low} to {high}, please.</source>
        <translation>请填写 {low} 到 {high} 之间的整数。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="96"/>
        <source>{name} is already a registered volunteer.</source>
        <translation>{name} 已经是登记在册的志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="114"/>
        <source>Unknown status {value}.</source>
        <translation>未知状态 {value}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/teams.py" line="240"/>
        <location filename="../../app/services/ledger/timebank/volunteers.py" line="132"/>
        <source>Unknown service type {value}.</source>
        <translation>未知服务类别 {value}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/teams.py" line="245"/>
        <source>Choose the days of the week from Monday to Sunday.</source>
        <translation>请在周一至周日中选择活动日。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/teams.py" line="248"/>
        <source>Please give the time the team meets, from and to.</source>
        <translation>请填写服务队活动的开始和结束时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/teams.py" line="253"/>
        <source>At most {n} members in one team.</source>
        <translation>一支服务队最多 {n} 名成员。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/teams.py" line="263"/>
        <source>There is already a team called {name}.</source>
        <translation>已有名为“{name}”的服务队。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/teams.py" line="280"/>
        <source>The leader must be one of the team&apos;s members: tick them among the members first.</source>
        <translation>队长必须是服务队成员：请先在成员中勾选此人。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/teams.py" line="361"/>
        <source>{name} is not active: make it active again before recording its activity.</source>
        <translation>{name}已停止活动：请先恢复为活动中，再登记活动。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/common.py" line="70"/>
        <location filename="../../app/services/ledger/timebank/family.py" line="52"/>
        <location filename="../../app/services/ledger/timebank/records.py" line="78"/>
        <source>Please choose a volunteer.</source>
        <translation>请选择志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="80"/>
        <source>{name} is not an active volunteer.</source>
        <translation>{name} 不是在册志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="87"/>
        <source>A volunteer cannot serve themselves.</source>
        <translation>志愿者不能为自己服务。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="105"/>
        <source>Please give the activity a name.</source>
        <translation>请填写活动名称。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="112"/>
        <source>Add the volunteers who took part.</source>
        <translation>请勾选参加的志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="114"/>
        <source>At most {n} volunteers in one activity.</source>
        <translation>一次活动最多 {n} 名志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="125"/>
        <location filename="../../app/services/ledger/timebank/teams.py" line="273"/>
        <source>A chosen volunteer no longer exists.</source>
        <translation>所选的一名志愿者已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="129"/>
        <location filename="../../app/services/ledger/timebank/teams.py" line="277"/>
        <source>Not active volunteers: {names}.</source>
        <translation>以下人员不是在册志愿者：{names}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="143"/>
        <source>{names} cannot take part at this time: each already has a service then, or would pass the daily maximum.</source>
        <translation>{names} 不能登记这段时间：该时段已有服务记录，或将超过每日上限。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/common.py" line="42"/>
        <source>Please choose the kind of service.</source>
        <translation>请选择服务类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="173"/>
        <location filename="../../app/services/ledger/timebank/spending.py" line="45"/>
        <source>Please give the date of the service.</source>
        <translation>请填写服务日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="176"/>
        <source>Please give the start time.</source>
        <translation>请填写开始时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="182"/>
        <source>One service lasts at most 24 hours.</source>
        <translation>一次服务最长 24 小时。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="187"/>
        <source>Please give the end time or the duration.</source>
        <translation>请填写结束时间或服务时长。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="190"/>
        <location filename="../../app/services/ledger/timebank/teams.py" line="250"/>
        <source>The end must be after the start.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="193"/>
        <location filename="../../app/services/ledger/timebank/spending.py" line="47"/>
        <source>A service in the future cannot be recorded yet.</source>
        <translation>尚未发生的服务不能登记。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="204"/>
        <source>{hours} hours is more than the daily maximum of {max} hours.</source>
        <translation>{hours} 小时超过了每日上限 {max} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="209"/>
        <source>Too short to credit: the bank counts in steps of {step} minutes.</source>
        <translation>时长太短，无法计入：时间银行以 {step} 分钟为单位计算。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="216"/>
        <source>{name} already has a service from {start} to {end} on {day} that overlaps this one.</source>
        <translation>{name} 在 {day} {start}-{end} 已有服务记录，与本次时间重叠。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="226"/>
        <source>{name} already has {done} hours on {day}; with this service it would pass the daily maximum of {max} hours.</source>
        <translation>{name} 在 {day} 已登记 {done} 小时，加上本次将超过每日上限 {max} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="238"/>
        <source>The record of {name} on {day} is {status}, not pending.</source>
        <translation>{name} {day} 的记录状态为“{status}”，不是待核实。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="242"/>
        <source>{name} has {total} hours of service on {day} in {n} record(s), over {hours} hours: someone other than the person who recorded them must verify them. The limit is on the volunteer&apos;s day, not on one record.</source>
        <translation>{name}在{day}共有 {n} 条服务记录，合计 {total} 小时，超过 {hours} 小时：须由记录人以外的另一位工作人员核实。此限额按志愿者当天的合计计算，不按单条记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="264"/>
        <source>The record of {name} on {day} is {status}; only a verified record can be credited.</source>
        <translation>{name} {day} 的记录状态为“{status}”，只有已核实的记录才能入账。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="271"/>
        <source>{name} has {total} hours of service on {day} in {n} record(s), over {hours} hours, and you recorded and verified this one yourself: someone else must credit it.</source>
        <translation>{name}在{day}共有 {n} 条服务记录，合计 {total} 小时，超过 {hours} 小时；这条记录由您本人记录并核实，须由另一位工作人员入账。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="315"/>
        <source>{name} has {done} hours credited on {day}; this record would pass the daily maximum of {max} hours.</source>
        <translation>{name} 在 {day} 已入账 {done} 小时，本条记录将超过每日上限 {max} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/validation.py" line="165"/>
        <source>Please give the reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="329"/>
        <source>The record of {name} on {day} is {status}; a credited record is corrected by reversing its entry.</source>
        <translation>{name} {day} 的记录状态为“{status}”；已入账的记录请通过冲正更正。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="342"/>
        <source>Please select the records first.</source>
        <translation>请先选择记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/records.py" line="346"/>
        <source>A selected record no longer exists.</source>
        <translation>所选的一条记录已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/family.py" line="44"/>
        <source>Please choose the relation.</source>
        <translation>请选择关系。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/family.py" line="47"/>
        <source>Please say what proves the relation (e.g. the household register).</source>
        <translation>请填写关系证明材料（例如户口簿）。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/family.py" line="54"/>
        <source>Please choose the relative.</source>
        <translation>请选择家庭成员。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/family.py" line="56"/>
        <source>A person cannot be linked to themselves.</source>
        <translation>不能与本人建立关联。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/family.py" line="67"/>
        <source>{a} and {b} are already linked ({status}).</source>
        <translation>{a} 与 {b} 已有关联（{status}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/family.py" line="86"/>
        <source>This family link does not exist.</source>
        <translation>此家庭关联不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/family.py" line="88"/>
        <source>This family link was already decided.</source>
        <translation>此家庭关联已审批过。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/family.py" line="90"/>
        <source>Someone other than the person who recorded the link must approve it.</source>
        <translation>须由登记人以外的人审批此关联。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/common.py" line="55"/>
        <source>Please give the number of hours.</source>
        <translation>请填写小时数。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/common.py" line="57"/>
        <source>Hours are counted in steps of {step} minutes.</source>
        <translation>时间以 {step} 分钟为单位计算。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/spending.py" line="54"/>
        <location filename="../../app/services/ledger/timebank/spending.py" line="93"/>
        <location filename="../../app/services/ledger/timebank/spending.py" line="124"/>
        <source>Please choose whose hours are used.</source>
        <translation>请选择使用谁的时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/spending.py" line="58"/>
        <source>Please choose who receives the service.</source>
        <translation>请选择受益人。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/spending.py" line="62"/>
        <location filename="../../app/services/ledger/timebank/spending.py" line="100"/>
        <source>{name} is not an approved family member of {holder}.</source>
        <translation>{name} 不是 {holder} 经审批的家庭成员。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/spending.py" line="96"/>
        <source>Please choose the family member.</source>
        <translation>请选择家庭成员。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/spending.py" line="149"/>
        <source>{name}&apos;s date of birth is not recorded; the pool grants by age.</source>
        <translation>{name} 的出生日期未登记；互助池按年龄发放。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/spending.py" line="152"/>
        <source>{name} is {age}; the pool grants hours from the age of {min}.</source>
        <translation>{name} {age} 岁；互助池只向 {min} 岁及以上的老人发放。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/canned_replies.py" line="148"/>
        <location filename="../../app/services/cases/workflow.py" line="186"/>
        <source>Please write a few words.</source>
        <translation>请简要填写几句。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="198"/>
        <source>Case {no} was merged into {into}; act on that one instead.</source>
        <translation>诉求 {no} 已并入 {into}，请在该诉求上办理。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="201"/>
        <source>Case {no} is suspended; resume it first.</source>
        <translation>诉求 {no} 已挂起，请先恢复办理。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="203"/>
        <source>Case {no} has already been responded to.</source>
        <translation>诉求 {no} 已经响应过。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="205"/>
        <source>Case {no} has not been dispatched yet; dispatch it first.</source>
        <translation>诉求 {no} 尚未派单，请先派单。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="208"/>
        <source>Case {no} has not been resolved yet: the {action} comes after the resolution.</source>
        <translation>诉求 {no} 尚未办结：办结后才能{action}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="211"/>
        <source>Case {no} is not suspended.</source>
        <translation>诉求 {no} 未挂起。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="213"/>
        <source>Case {no} is still open; there is nothing to reopen.</source>
        <translation>诉求 {no} 仍在办理中，无需重新办理。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="216"/>
        <source>Case {no} is closed; reopen it before the {action}.</source>
        <translation>诉求 {no} 已归档；请先重新办理，再{action}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="218"/>
        <source>Case {no} is {status}: no {action} now.</source>
        <translation>诉求 {no} {status}，目前不能{action}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="304"/>
        <source>Case {no} has no grid worker to go to; choose who handles it.</source>
        <translation>诉求 {no} 没有对应的网格员，请选择承办人。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="308"/>
        <source>This account cannot handle requests (disabled, or not a role that handles them).</source>
        <translation>该账号不能承办诉求（已停用，或其角色不承办诉求）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="311"/>
        <location filename="../../app/services/ledger/timebank/team_cases.py" line="107"/>
        <source>Case {no} is already with {name}.</source>
        <translation>诉求 {no} 已由 {name} 承办。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="339"/>
        <source>This note of case {no} is not waiting for review (it was reviewed already, or is not a public note).</source>
        <translation>诉求 {no} 的这条说明不在待审核状态（已审核过，或不是公开说明）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="351"/>
        <source>Choose at least one department.</source>
        <translation>请至少选择一个部门。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="353"/>
        <source>A department reports within 1 to {n} hours.</source>
        <translation>部门报到时限为 1 至 {n} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="363"/>
        <source>{name} is retired and can no longer be called in.</source>
        <translation>“{name}”已停用，不能再吹哨。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="366"/>
        <source>{name} has already been called in on case {no} and has not reported yet.</source>
        <translation>诉求 {no} 已向 {name} 吹哨，该部门尚未报到。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="379"/>
        <source>{name} has not been called in on case {no}, or has already reported.</source>
        <translation>诉求 {no} 未向 {name} 吹哨，或该部门已经报到。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="391"/>
        <source>Case {no} is already handled at the highest level ({level}).</source>
        <translation>诉求 {no} 已在最高层级办理（{level}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/followup.py" line="108"/>
        <source>Choose the resident&apos;s answer: satisfied, basically satisfied, dissatisfied or could not be reached.</source>
        <translation>请选择居民的回答：满意、基本满意、不满意或无法联系。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/followup.py" line="115"/>
        <source>Case {no} has already had its follow-up call ({answer}).</source>
        <translation>诉求 {no} 已经回访过（{answer}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/followup.py" line="125"/>
        <source>Could not be reached is recorded only after unanswered calls on at least {n} different days; so far {tries} unanswered calls on {days} days.</source>
        <translation>至少在 {n} 个不同的日子未接通，才能记为无法联系；目前在 {days} 天共未接通 {tries} 次。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="439"/>
        <source>Case {no} cannot be merged into itself.</source>
        <translation>诉求 {no} 不能并入自身。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="447"/>
        <source>Case {into} was itself merged into {other}; merge into that one.</source>
        <translation>诉求 {into} 本身已并入 {other}，请并入该诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/workflow.py" line="451"/>
        <source>Case {into} is {status}; a request is merged only into an open one.</source>
        <translation>诉求 {into} {status}；只能并入未办结的诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/categories.py" line="76"/>
        <source>A sub-category belongs to a class, not to another sub-category.</source>
        <translation>小类只能属于大类，不能属于另一个小类。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/categories.py" line="79"/>
        <location filename="../../app/services/cases/categories.py" line="116"/>
        <source>The class {name} is retired.</source>
        <translation>大类“{name}”已停用。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/categories.py" line="109"/>
        <source>{name} is one of the five classes the statistics report by; it cannot be retired (retire its sub-categories instead).</source>
        <translation>“{name}”是统计所用的五个大类之一，不能停用（可停用它下面的小类）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/categories.py" line="113"/>
        <source>Retire the sub-categories of {name} first.</source>
        <translation>请先停用“{name}”下面的小类。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/categories.py" line="138"/>
        <source>{name} is one of the five classes the statistics report by; it cannot be deleted.</source>
        <translation>“{name}”是统计所用的五个大类之一，不能删除。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/categories.py" line="144"/>
        <source>{name} is used by {cases} requests, {rules} time-limit rules and {children} sub-categories: it cannot be deleted. Retire it instead.</source>
        <translation>“{name}”已用于 {cases} 件诉求、{rules} 条时限规则和 {children} 个小类，不能删除，请改为停用。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/categories.py" line="174"/>
        <source>There is already a category called {name} here.</source>
        <translation>这里已有名为“{name}”的分类。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/canned_replies.py" line="160"/>
        <location filename="../../app/services/cases/categories.py" line="27"/>
        <source>This category no longer exists.</source>
        <translation>该分类已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/buildings.py" line="120"/>
        <source>Building {number} is already in the list.</source>
        <translation>{number}号楼已在楼栋表中。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/buildings.py" line="138"/>
        <source>A building keeps its number (now {old}): its households&apos; addresses carry it. Add the building under the right number instead.</source>
        <translation>楼栋号不能修改（现为 {old}）：各户的地址都用这个号。请按正确的楼栋号另行添加。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/buildings.py" line="145"/>
        <source>Can only grow (now {old}): households are never removed.</source>
        <translation>只能增加（现为 {old}）：已有住户不会删除。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/buildings.py" line="182"/>
        <source>Building {number} has {residents} residents and {cases} requests on record: it cannot be deleted. Retire it instead.</source>
        <translation>{number}号楼登记有 {residents} 位居民、{cases} 件诉求，不能删除，请改为停用。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/buildings.py" line="194"/>
        <source>A building number is 1 to 999, e.g. 3 for 3号楼.</source>
        <translation>楼号为 1 到 999 的数字，例如 3 号楼填 3。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/buildings.py" line="29"/>
        <source>This building no longer exists.</source>
        <translation>该楼栋已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/buildings.py" line="222"/>
        <source>Choose a grid that is in use.</source>
        <translation>请选择一个在用的网格。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/grids.py" line="119"/>
        <source>Grid {name} still covers {buildings} buildings and {households} households; move them to another grid first.</source>
        <translation>网格“{name}”还管着 {buildings} 栋楼、{households} 户，请先把它们划到其他网格。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/grids.py" line="134"/>
        <source>Grid {name} is used by {cases} requests, {buildings} buildings and {households} households: it cannot be deleted. Retire it instead.</source>
        <translation>网格“{name}”已用于 {cases} 件诉求、{buildings} 栋楼和 {households} 户，不能删除，请改为停用。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/grids.py" line="145"/>
        <source>A grid code is 1-16 letters, digits or &apos;-&apos;, e.g. G01.</source>
        <translation>网格编号为 1-16 位字母、数字或“-”，例如 G01。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/grids.py" line="157"/>
        <source>Another grid already has {value}.</source>
        <translation>已有网格使用“{value}”。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/patrol.py" line="111"/>
        <location filename="../../app/services/community/grids.py" line="29"/>
        <source>This grid no longer exists.</source>
        <translation>该网格已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/grids.py" line="166"/>
        <source>The grid worker must be an active account with the grid worker role.</source>
        <translation>网格员必须是角色为“网格员”的在用账号。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/readiness.py" line="39"/>
        <source>No grids yet: requests cannot be dispatched to a grid worker. Add the community&apos;s grids.</source>
        <translation>还没有网格：诉求无法自动派给网格员。请添加社区的网格。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/readiness.py" line="45"/>
        <source>Grids without a grid worker: {names}.</source>
        <translation>以下网格还没有网格员：{names}。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/readiness.py" line="48"/>
        <source>No buildings yet: add them with their units and floors, or list those residents already live in.</source>
        <translation>还没有楼栋表：请按单元和层数添加楼栋，或登记居民已入住的楼栋。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/readiness.py" line="53"/>
        <source>{n} buildings belong to no grid.</source>
        <translation>有 {n} 栋楼未划入网格。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/readiness.py" line="57"/>
        <source>{n} households belong to no grid: their requests need a handler chosen by hand.</source>
        <translation>有 {n} 户未划入网格：他们的诉求需要手工指定经办人。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/readiness.py" line="61"/>
        <source>No departments in use: none can be called in.</source>
        <translation>没有在用的部门：无法吹哨。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/readiness.py" line="64"/>
        <source>No reception clerk account yet.</source>
        <translation>还没有前台接待员账号。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/reference.py" line="34"/>
        <source>A whole number, please.</source>
        <translation>请填写整数。</translation>
    </message>
    <message>
        <location filename="../../app/services/community/reference.py" line="37"/>
        <source>From {low} to {high}, please.</source>
        <translation>请填写 {low} 到 {high} 之间的数。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/merge.py" line="112"/>
        <source>Please choose another record to keep: a record cannot be merged into itself.</source>
        <translation>请选择另一条要保留的记录：记录不能合并到自己。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/merge.py" line="118"/>
        <source>Please choose the record to keep.</source>
        <translation>请选择要保留的记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/merge.py" line="124"/>
        <source>{name} was already merged into another record.</source>
        <translation>{name} 已经合并到另一条记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/merge.py" line="126"/>
        <source>{name} was merged into another record; choose that record to keep.</source>
        <translation>{name} 已合并到另一条记录，请选择那一条作为保留记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/merge.py" line="129"/>
        <source>A record whose personal data was erased cannot be merged.</source>
        <translation>已删除个人信息的记录不能合并。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/merge.py" line="132"/>
        <source>The two records have different ID numbers: they are not the same person. Correct the wrong number first if one of them is a typing mistake.</source>
        <translation>两条记录的身份证号不同，不是同一个人。如果其中一个是录入错误，请先更正。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/merge.py" line="138"/>
        <source>{name} holds {n} points voucher(s) not yet honoured. Honour or cancel them first, then merge.</source>
        <translation>{name} 还有 {n} 张未核销的积分兑换券。请先核销或撤销，再合并。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/merge.py" line="148"/>
        <source>Both records are registered volunteers and {number} has {n} service record(s) not yet credited. Credit or reject them first, then merge.</source>
        <translation>两条记录都登记了志愿者，{number} 还有 {n} 条服务记录未入账。请先入账或驳回，再合并。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_import.py" line="210"/>
        <source>{file} was changed after the preview: nothing was imported. Please check it again.</source>
        <translation>{file} 在预览之后被修改过：未导入任何数据。请重新检查。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_import.py" line="218"/>
        <source>The register changed after the preview: nothing was imported. Please check the file again.</source>
        <translation>预览之后登记信息有变动：未导入任何数据。请重新检查表格。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_import.py" line="224"/>
        <source>Nothing to import: every row is refused or already in the register as it is.</source>
        <translation>没有可导入的数据：每一行都被拒绝，或与登记完全一致。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_import.py" line="254"/>
        <source>{file} has other columns than when it was opened: please open it again.</source>
        <translation>{file} 的列与打开时不同：请重新打开。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_io.py" line="129"/>
        <source>{file} cannot be read as a spreadsheet: please save it as .xlsx or .csv and try again.</source>
        <translation>无法把 {file} 作为表格读取：请另存为 .xlsx 或 .csv 后重试。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_io.py" line="174"/>
        <source>The file has no sheet called {sheet}; its sheets are: {sheets}.</source>
        <translation>文件中没有名为“{sheet}”的工作表；现有工作表：{sheets}。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_io.py" line="204"/>
        <source>{file} holds no rows.</source>
        <translation>{file} 中没有数据行。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_io.py" line="243"/>
        <source>Each field can come from one column only; chosen twice: {fields}.</source>
        <translation>每项内容只能对应一列；重复选择了：{fields}。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_io.py" line="246"/>
        <source>Please choose the column that holds the name (姓名).</source>
        <translation>请选择姓名所在的列。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_io.py" line="250"/>
        <source>Choose either one address column or the building, unit and room columns, not both.</source>
        <translation>请选择一个住址列，或者楼号、单元、室三列，不能同时选择。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_io.py" line="263"/>
        <source>Unknown field {field} for column {column}; the fields are: {known}.</source>
        <translation>列“{column}”对应的字段 {field} 不存在；可用的字段：{known}。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/register_io.py" line="267"/>
        <source>The mapping names columns the sheet does not have: {columns}.</source>
        <translation>列对应关系中有工作表里没有的列：{columns}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/reach.py" line="49"/>
        <source>Case {no} belongs to {grid} and is handled by {handler}: a grid worker acts only on the requests of their own grid and on those dispatched to them.</source>
        <translation>诉求 {no} 属于{grid}，由{handler}办理：网格员只能办理本网格的诉求和派给自己的诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/db.py" line="44"/>
        <source>The database {path} was written by a newer version of Community Desk (schema {revision}; this version knows schemas up to {head}). Nothing was changed. Install the newer version, or restore a backup made by this version with: main.py restore FILE</source>
        <extracomment>The newest schema revision in app/migrations/versions. A start whose database holds it compares one row with this and never loads alembic (a quarter of a second and 10 MB); tests/unit/test_startup.py holds it to alembic&apos;s head.</extracomment>
        <translation>数据库 {path} 由更新版本的社区服务台写入（数据结构 {revision}；本版本最高支持 {head}）。未做任何更改。请安装新版本，或用以下命令恢复本版本生成的备份：main.py restore 文件</translation>
    </message>
    <message>
        <location filename="../../app/services/core/dblock.py" line="24"/>
        <source>The database is open in another program on this computer (the desk app or a command still running). Close the desk app and wait for every command to end, then run the restore again. Nothing was changed.</source>
        <translation>本机另有程序正在使用数据库（服务台程序或仍在运行的命令）。请关闭服务台程序并等所有命令结束后再恢复。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/dblock.py" line="27"/>
        <source>A backup is being restored into this data folder right now. Wait until it has finished and start again.</source>
        <translation>此数据文件夹正在恢复备份。请等恢复完成后再启动。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/storage.py" line="26"/>
        <source>The disk is full: nothing was saved. Free some space on the disk that holds {folder} (empty the recycle bin, move old backups to a USB stick), then try again; what you typed is kept.</source>
        <translation>磁盘已满：未保存任何内容。请清理 {folder} 所在磁盘的空间（清空回收站，把旧备份移到U盘），然后重试；已填写的内容仍保留。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/storage.py" line="29"/>
        <source>The data folder {folder} is read-only, so nothing can be saved there. The database is not damaged. Ask IT staff to give this account write permission on the folder (or to mount the disk writable), then start again.</source>
        <translation>数据文件夹 {folder} 是只读的，无法保存任何内容。数据库没有损坏。请信息技术人员为本账号开放该文件夹的写入权限（或将磁盘改为可写），然后重新启动。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/storage.py" line="33"/>
        <source>The database in {folder} cannot be opened ({error}). Check that the folder is there and readable.</source>
        <translation>无法打开 {folder} 中的数据库（{error}）。请检查该文件夹是否存在且可读。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/storage.py" line="35"/>
        <source>The disk holding {folder} reported an error ({error}): nothing was saved. Check the disk (is it a USB stick that was pulled out?) and try again.</source>
        <translation>{folder} 所在的磁盘报告错误（{error}）：未保存任何内容。请检查磁盘（是否拔出了U盘？）后重试。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/replay.py" line="198"/>
        <source>{thing} {name} was deleted outside the app: the audit trail recorded it and never its deletion.</source>
        <extracomment>The trail itself, the full-text index and the rates&apos; daily rollup (derived from the cases: ``search.rebuild``, ``rollup.rebuild``), the sync&apos;s own state and the conflicts the street lists (written by the street, in no desk&apos;s trail). Caches written by one SQL statement, not through the unit of work, and checked against their source by verify: a balance against its postings (ledger.check), a stock against its moves (points check), a day&apos;s counter against its case numbers (verify._cases). (position in the row, column name, how to spell its value as the trail does: None when it already is)</extracomment>
        <translation>{thing} {name} 在本程序之外被删除：操作记录中有它，却没有删除它的记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/replay.py" line="212"/>
        <source>{thing} {name} was altered ({fields}): it no longer reads as the audit trail recorded it.</source>
        <translation>{thing} {name} 被改动（{fields}）：与操作记录中记载的不一致。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/replay.py" line="222"/>
        <source>{thing} {name} is not in the audit trail: it was written outside the app.</source>
        <translation>{thing} {name} 不在操作记录中：它是在本程序之外写入的。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup_copy.py" line="42"/>
        <source>The backup was stopped because the desk is closing. Nothing of it was kept and the backups already made are untouched; it is made again at the next start.</source>
        <translation>桌面正在关闭，备份已停止。这次备份没有留下任何文件，已有的备份不受影响；下次启动时会重新备份。</translation>
    </message>
    <message>
        <location filename="../../app/services/core/backup_copy.py" line="51"/>
        <source>The backup copy did not pass its check ({detail}), so it was not kept; the backups already made are untouched. Check the backup folder (a failing USB stick?) and back up again; if it fails again, the database itself may be damaged: ask IT staff to run main.py verify.</source>
        <translation>备份副本未通过检查（{detail}），没有保留；已有的备份不受影响。请检查备份文件夹（U 盘是否有故障？）后再备份一次；如果仍然失败，可能是数据库本身已损坏：请联系技术人员运行 main.py verify。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/lists.py" line="279"/>
        <source>A ready-made list is kept for every desk; only the administrator can retire it.</source>
        <translation>系统预设的名单是各服务台共用的，只有管理员可以停用。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/lists.py" line="322"/>
        <source>Please give the list a name.</source>
        <translation>请为名单起一个名称。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/lists.py" line="324"/>
        <source>At most {most} characters, please.</source>
        <translation>最多 {most} 个字。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/lists.py" line="330"/>
        <source>A list named {name} is already saved: please choose another name.</source>
        <translation>已有名为“{name}”的名单，请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/lists.py" line="339"/>
        <source>A list of this name was saved a moment ago: please choose another name.</source>
        <translation>刚才已有同名的名单保存，请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/lists.py" line="346"/>
        <source>This list is no longer saved.</source>
        <translation>这份名单已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="50"/>
        <source>This duty no longer exists.</source>
        <translation>这项事项已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="192"/>
        <source>Please choose whose sheet.</source>
        <translation>请选择是谁的周表。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="236"/>
        <source>This visit is promised by a tag ({tag}); take the tag off to end it.</source>
        <translation>这项走访来自标签（{tag}）的承诺；去掉标签才能结束。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="247"/>
        <source>Please choose what kind of duty this is.</source>
        <translation>请选择事项类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="249"/>
        <source>Please choose how often it comes due.</source>
        <translation>请选择周期。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="251"/>
        <source>A duty comes due every 1 to {n} days, weeks, months or years; not every 0.</source>
        <translation>周期间隔是 1 到 {n}（天、周、月或年），不能是 0。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="255"/>
        <source>Please give the date it is first due.</source>
        <translation>请填写第一次到期的日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="257"/>
        <source>The due date {day} is in the past; give today or a later date.</source>
        <translation>到期日期 {day} 已经过去；请填今天或以后的日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="260"/>
        <source>The due date is more than five years away.</source>
        <translation>到期日期在五年以后，请核对。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="262"/>
        <source>Remind 0 to {n} days ahead.</source>
        <translation>提前 0 到 {n} 天提醒。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="266"/>
        <location filename="../../app/services/notices/council.py" line="177"/>
        <source>Please choose who is responsible (an active account).</source>
        <translation>请选择责任人（在用的账号）。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="297"/>
        <source>This duty was ended; its records are kept.</source>
        <translation>这项事项已结束，记录保留。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="307"/>
        <source>No household is registered at {address}; write it as 3-2-301.</source>
        <translation>{address} 没有登记住户；请按 3-2-301 的格式填写。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="313"/>
        <source>Please choose where the duty is: one building, one household or one person.</source>
        <translation>请选择事项的地点：一栋楼、一户或一个人。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="319"/>
        <source>This place is no longer in the register.</source>
        <translation>这个地点已不在登记中。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="333"/>
        <source>Please say why it was not done.</source>
        <translation>请写明未完成的原因。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="336"/>
        <source>The day it was done cannot be in the future.</source>
        <translation>完成日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="338"/>
        <source>This duty is not due yet: it is due on {due} and shows from {day}.</source>
        <translation>这项事项还没到期：{due} 到期，{day} 起提醒。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/duties.py" line="343"/>
        <source>This duty was recorded meanwhile (it is now due on {due}); look at it again.</source>
        <translation>这项事项刚被别人记录过（现在 {due} 到期），请重新查看。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="77"/>
        <source>Households or people carry this tag: its kind cannot change. Make a new tag.</source>
        <extracomment>Colours offered when a tag is made (the administrator may type another): distinct on screen and on paper.</extracomment>
        <translation>已有住户或居民带有这个标签，不能再改它标记的对象。请新建一个标签。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="122"/>
        <source>Unknown tag {tag}.</source>
        <translation>没有“{tag}”这个标签。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="124"/>
        <source>The tag {tag} is retired.</source>
        <translation>标签“{tag}”已停用。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="172"/>
        <source>A tag called {name} exists already.</source>
        <translation>已经有叫“{name}”的标签了。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="175"/>
        <source>Please choose a colour.</source>
        <translation>请选择颜色。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="177"/>
        <source>Please choose whether the tag marks a household or a person.</source>
        <translation>请选择这个标签标记的是户还是人。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="181"/>
        <source>Please choose how often a visit is due.</source>
        <translation>请选择多久走访一次。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="186"/>
        <source>Say which service the visits are for (e.g. 日见面).</source>
        <translation>请写明走访是哪项服务（如 日见面）。</translation>
    </message>
    <message>
        <location filename="../../app/services/people/tags.py" line="195"/>
        <source>No such tag.</source>
        <translation>没有这个标签。</translation>
    </message>
    <message>
        <location filename="../../app/services/care/places.py" line="154"/>
        <source>{title} at {place} belongs to {grid} and is {responsible}&apos;s: a grid worker records the duties of their own grid and those they are responsible for.</source>
        <translation>{place}的“{title}”属于{grid}，由{responsible}负责：网格员只能记录本网格和自己负责的事项。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="74"/>
        <source>Write which holiday it is (e.g. 春节, 国庆节).</source>
        <translation>请写明是什么节日（例如 春节、国庆节）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="76"/>
        <source>The name is at most {max} characters.</source>
        <translation>名称最多 {max} 个字。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="112"/>
        <source>Row {row}: {day} is already on row {other}; a day is either a holiday or a working day, once.</source>
        <translation>第 {row} 行：{day}已在第 {other} 行；每一天只能录一次（放假或上班）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="121"/>
        <source>{file} lists no days.</source>
        <translation>{file} 里没有任何日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="176"/>
        <source>Dates are between {first} and {last}.</source>
        <translation>日期应在 {first} 年至 {last} 年之间。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="179"/>
        <source>The last day ({last}) is before the first ({first}).</source>
        <translation>最后一天（{last}）早于第一天（{first}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="182"/>
        <source>At most {max} days at a time: a holiday of the notice is never longer.</source>
        <translation>一次最多 {max} 天：通知里的假期不会更长。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="189"/>
        <source>{day} is a weekday, a working day anyway: only a Saturday or Sunday is worked in place of a holiday (调休上班).</source>
        <translation>{day}是周一至周五，本来就是工作日：只有周六或周日才会调休上班。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="201"/>
        <source>{day} is already in the table ({name} {kind}): remove it first to enter it again.</source>
        <translation>{day}已经录入（{name} {kind}）：要重新录入，请先删除。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="221"/>
        <source>The file needs the columns 日期, 安排 and 名称; missing: {missing}.</source>
        <translation>文件需要“日期”“安排”“名称”三列；缺少：{missing}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="231"/>
        <source>Row {row}: “{text}” is not a date (write 2027-10-01).</source>
        <translation>第 {row} 行：“{text}”不是日期（请写成 2027-10-01）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="234"/>
        <source>Row {row}: the date is missing.</source>
        <translation>第 {row} 行：没有写日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="239"/>
        <source>Row {row}: there is no such day as “{text}”.</source>
        <translation>第 {row} 行：没有“{text}”这一天。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="254"/>
        <source>Row {row}: write 放假 or 上班 as the arrangement, not “{text}”.</source>
        <translation>第 {row} 行：安排请写“放假”或“上班”，不是“{text}”。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="259"/>
        <source>Row {row}: the holiday&apos;s name is missing or longer than {max} characters.</source>
        <translation>第 {row} 行：节日名称没有写，或超过 {max} 个字。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/holidays.py" line="264"/>
        <source>Row {row}: from {first} to {last} is not a holiday of the notice (backwards, or longer than {max} days).</source>
        <translation>第 {row} 行：从{first}到{last}不是通知里的假期（日期倒了，或超过 {max} 天）。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/message_service.py" line="91"/>
        <source>Choose which message.</source>
        <translation>请选择哪条消息。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/message_service.py" line="98"/>
        <source>Choose text message or WeChat.</source>
        <translation>请选择短信或微信。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/message_service.py" line="178"/>
        <source>Copied or printed?</source>
        <translation>是复制还是打印？</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/message_service.py" line="181"/>
        <source>The message has no words.</source>
        <translation>消息没有内容。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/message_service.py" line="219"/>
        <source>Case {no} was merged into {into}; send the resident&apos;s messages from that one.</source>
        <translation>诉求 {no} 已并入 {into}；请从那件诉求给居民发消息。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/messages.py" line="123"/>
        <source>Write the words of the message; it cannot be empty.</source>
        <translation>请写消息内容，不能为空。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/messages.py" line="131"/>
        <source>A {close} without its {open} before it: …{near}. Fields are written {open}name{close}; the fields are: {fields}.</source>
        <translation>“{close}”前面没有对应的“{open}”：…{near}。字段写成{open}字段名{close}；可用的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/messages.py" line="140"/>
        <source>The field {near}… is not closed with {close}. The fields are: {fields}.</source>
        <translation>字段 {near}… 没有用“{close}”结束。可用的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/messages.py" line="146"/>
        <source>There is no field {field}. The fields are: {fields}.</source>
        <translation>没有 {field} 这个字段。可用的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/repeats.py" line="156"/>
        <source>The earlier request was not found; look it up again.</source>
        <translation>找不到原诉求；请重新查找。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/repeats.py" line="160"/>
        <source>Request {no} was made by another resident and from another number: it cannot be the earlier request of this one.</source>
        <translation>诉求 {no} 是另一位居民、另一个号码反映的：不能作为这次的原诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/repeats.py" line="165"/>
        <source>Request {no} is more than {days} days old: log this one as a new request.</source>
        <translation>诉求 {no} 已超过 {days} 天：请作为新诉求登记。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/repeats.py" line="170"/>
        <source>Request {no} was merged into another request: choose that one.</source>
        <translation>诉求 {no} 已并入另一件诉求：请选那一件。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/briefing.py" line="88"/>
        <source>No requests were received in {period} ({days}): there is nothing to report.</source>
        <translation>{period}（{days}）没有受理诉求，无需生成简报。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/briefing.py" line="111"/>
        <source>{name}: the report is written as a PDF (.pdf) or a Word document (.docx); give a file name ending in one of them.</source>
        <translation>{name}：简报只能保存为 PDF（.pdf）或 Word 文档（.docx），请使用其中一种扩展名。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/briefing.py" line="120"/>
        <source>A report covers a week or a month, not {kind}.</source>
        <translation>简报按周或按月生成，不能按“{kind}”。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/briefing.py" line="123"/>
        <source>{day} has not come yet (today is {today}): a report covers a week or a month up to a day that has come.</source>
        <translation>{day} 还没有到（今天是 {today}）：简报只能统计到今天为止的周或月。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/team_cases.py" line="90"/>
        <source>Please choose a volunteer team.</source>
        <translation>请选择志愿服务队。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/team_cases.py" line="92"/>
        <source>{name} is not active and cannot be given requests.</source>
        <translation>{name}已停止活动，不能交办诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger/timebank/team_cases.py" line="122"/>
        <location filename="../../app/services/ledger/timebank/teams.py" line="351"/>
        <location filename="../../app/services/ledger/timebank/teams.py" line="359"/>
        <source>This volunteer team no longer exists.</source>
        <translation>该志愿服务队已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="47"/>
        <location filename="../../app/services/programmes/employment_read.py" line="68"/>
        <source>This job seeker&apos;s file no longer exists.</source>
        <translation>该就业服务档案已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="48"/>
        <source>This job seeker&apos;s file is closed ({outcome}); nothing more is added to it.</source>
        <translation>该就业服务档案已结案（{outcome}），不能再添加内容。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="50"/>
        <source>The date is before the file was opened ({day}).</source>
        <translation>日期早于建档日期（{day}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="63"/>
        <source>Please check the year: {day} is too long ago.</source>
        <translation>请核对年份：{day} 太早了。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="84"/>
        <source>Choose the resident from the register.</source>
        <translation>请从居民花名册中选择居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="86"/>
        <source>This resident is not on the register as living here; choose again.</source>
        <translation>花名册中这位居民不是在册状态，请重新选择。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="89"/>
        <source>{name} already has an open job seeker&apos;s file; add to that one.</source>
        <translation>{name}已有未结案的就业服务档案，请在该档案中继续记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="95"/>
        <source>The register has no birth date: type the age ({low} to {high}).</source>
        <translation>花名册中没有出生日期：请填写年龄（{low} 至 {high} 岁）。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="116"/>
        <source>This request no longer exists.</source>
        <translation>该诉求已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="121"/>
        <source>Only a request of the employment help class opens a job seeker&apos;s file.</source>
        <translation>只有“就业帮扶”类的诉求才能建立就业服务档案。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="127"/>
        <source>The request&apos;s resident is not on the register as living here.</source>
        <translation>该诉求的居民在花名册中不是在册状态。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="157"/>
        <source>Tick at least one measure: job referral, skills training, or start-up help.</source>
        <translation>请至少勾选一项措施：推荐岗位、技能培训或创业指导。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="182"/>
        <source>This referral is not on this file any more.</source>
        <translation>这条推荐记录已不在该档案中。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="189"/>
        <source>Name the employer the job seeker was sent to.</source>
        <translation>请填写推荐去的用人单位。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="201"/>
        <source>An interview&apos;s result cannot be recorded for a day still to come.</source>
        <translation>面试还没有进行，不能登记面试结果。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="204"/>
        <source>The interview is before the referral ({day}).</source>
        <translation>面试日期早于推荐日期（{day}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="208"/>
        <source>Not hired: say why (what the employer said).</source>
        <translation>未录用：请填写原因（用人单位的说法）。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="210"/>
        <source>Not hired: say what changes next (another post, training ...).</source>
        <translation>未录用：请填写下一步调整（换推其他岗位、参加培训等）。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="229"/>
        <source>A return visit follows a hire: record the referral&apos;s result (hired) first.</source>
        <translation>录用后才能回访：请先登记这次推荐的结果（录用）。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="254"/>
        <source>The jobs a business created cannot be fewer than none.</source>
        <translation>带动就业人数不能小于 0。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/employment.py" line="257"/>
        <source>At most {n}.</source>
        <translation>最多 {n}。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partner_rules.py" line="40"/>
        <source>Please give a contact person or a phone number: a resource nobody can reach cannot help.</source>
        <translation>请填写联系人或电话：联系不上的资源帮不上忙。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partner_rules.py" line="48"/>
        <source>There is already a partner called {name} on the resource list.</source>
        <translation>资源清单中已有名为“{name}”的合作单位。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partners.py" line="133"/>
        <source>Please choose the kind of partner.</source>
        <translation>请选择合作单位类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partners.py" line="167"/>
        <source>No request class {code}.</source>
        <translation>没有“{code}”这个诉求类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partners.py" line="172"/>
        <source>This offer is no longer on the list.</source>
        <translation>该服务项目已不在清单中。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partners.py" line="195"/>
        <source>This day has not come yet: record what was done, after it was done.</source>
        <translation>这一天还没到：请在服务完成后再登记。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partners.py" line="198"/>
        <source>Not before {day}, please.</source>
        <translation>请填写 {day} 或以后的日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partners.py" line="275"/>
        <source>{name} is no longer an active partner.</source>
        <translation>{name}已不是合作中的单位。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partners.py" line="305"/>
        <source>{name} has no such offer.</source>
        <translation>{name}没有这个服务项目。</translation>
    </message>
    <message>
        <location filename="../../app/services/programmes/partners.py" line="313"/>
        <source>Case {no} was merged into {into}; record the help on that one.</source>
        <translation>诉求 {no} 已并入 {into}，请在那件诉求上登记协助情况。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="30"/>
        <source>The street&apos;s server cannot be reached (the network, or the server is off). The desk works on offline; what waits goes up at the next sync.</source>
        <translation>连接不上街道服务器（网络不通，或服务器没有开）。本服务台照常离线办理，待上传的内容在下次同步时上传。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="32"/>
        <source>The street holds nothing of {community} yet: set this desk up first (the first-start wizard), then join; the other desks of {community} join from an empty folder after it.</source>
        <translation>街道服务器上还没有{community}的数据：请先在本机完成首次设置，再加入街道；{community}的其他服务台随后从空文件夹加入。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="36"/>
        <source>Please enter the address the street&apos;s administrator gave for this desk.</source>
        <translation>请输入街道管理员为本服务台提供的地址。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="37"/>
        <source>This is not a street server&apos;s address: it looks like postgresql://desk_a02:password@server:5432/street.</source>
        <translation>这不是街道服务器的地址：地址的样子是 postgresql://desk_a02:password@server:5432/street。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="39"/>
        <source>This desk has not joined a street: main.py join-street --street ADDRESS.</source>
        <translation>本服务台尚未接入街道：请运行 main.py join-street --street 地址。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="40"/>
        <source>This desk&apos;s database is at version {ours}, the street&apos;s at {theirs}: they must be the same to sync. The desk works on offline; upgrade the older one (README, &quot;Upgrading a street&quot;).</source>
        <translation>本服务台的数据库版本为 {ours}，街道的为 {theirs}：版本相同才能同步。服务台照常离线使用；请升级版本较旧的一方（见 README 的“Upgrading a street”一节）。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="43"/>
        <source>The street does not know this address&apos;s account as a desk: ask the street&apos;s administrator for the desk&apos;s address (street-init --add-desk).</source>
        <translation>街道服务器上这个地址的账号不是服务台账号：请向街道管理员索取本服务台的接入地址（street-init --add-desk）。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="45"/>
        <source>This PC is desk {ours}, but the street gave this address to desk {theirs}.</source>
        <translation>本电脑是服务台 {ours}，但街道把这个地址分配给了服务台 {theirs}。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="46"/>
        <source>This desk serves {ours}, but the street registered desk {desk} for {theirs}.</source>
        <translation>本服务台服务于{ours}，但街道登记的服务台 {desk} 属于{theirs}。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="48"/>
        <source>The street already holds {community} from another desk, and this desk&apos;s database was set up on its own: join from an empty data folder instead, so the desk starts from the street&apos;s copy.</source>
        <translation>街道已有另一个服务台上传的{community}数据，而本服务台的数据库是单独建立的：请改用空的数据文件夹接入，让服务台从街道保存的数据开始。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="51"/>
        <source>The street&apos;s server refused this desk&apos;s change ({reason}). Nothing of this sync was kept on either side; call the street&apos;s administrator.</source>
        <translation>街道服务器拒绝了本服务台的改动（{reason}）。这次同步的内容两边都没有保存；请联系街道管理员。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/service.py" line="53"/>
        <source>This desk&apos;s audit trail no longer matches the copy the street holds (entry {seq}): the database file was changed outside the program. Sync is stopped; call the administrator (main.py verify).</source>
        <translation>本服务台的操作记录与街道保存的副本不一致（第 {seq} 条）：数据库文件在本程序之外被改动过。同步已停止；请联系管理员（main.py verify）。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street.py" line="274"/>
        <source>A desk code is 1 to 12 capital letters or digits, like A01.</source>
        <extracomment>Numbers that start with their desk&apos;s code (a request&apos;s number, a volunteer&apos;s passbook): unique in the street, so a desk may only make its own.</extracomment>
        <translation>服务台编号为 1 至 12 位大写字母或数字，例如 A01。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street.py" line="275"/>
        <source>The street already has a desk {desk} (community {community}).</source>
        <translation>街道已有服务台 {desk}（{community}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street.py" line="276"/>
        <source>Name the community the desk belongs to.</source>
        <translation>请填写服务台所属的社区。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street.py" line="285"/>
        <source>The street&apos;s server must be PostgreSQL (a postgresql:// address).</source>
        <translation>街道服务器必须是 PostgreSQL（以 postgresql:// 开头的地址）。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street_view.py" line="46"/>
        <source>The street&apos;s view reads the street&apos;s PostgreSQL server: give its address as --db postgresql://...</source>
        <translation>街道总览读取街道的 PostgreSQL 服务器：请用 --db postgresql://... 指定其地址。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street_view.py" line="48"/>
        <source>The street&apos;s server cannot be reached ({reason}). Check the address and the network, then press Refresh.</source>
        <translation>连接不上街道服务器（{reason}）。请检查地址和网络，然后点击“刷新”。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street_view.py" line="50"/>
        <source>This database is not a street&apos;s server (no desks are registered on it): prepare it with main.py street-init --db URL.</source>
        <translation>这个数据库不是街道服务器（上面没有登记任何服务台）：请先运行 main.py street-init --db 地址 进行准备。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street_view.py" line="52"/>
        <source>This account may not read every community ({reason}): open the street&apos;s view with the street administrator&apos;s account, not a desk&apos;s.</source>
        <translation>这个账号无权读取所有社区（{reason}）：请用街道管理员账号打开街道总览，不要用服务台账号。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/street_view.py" line="54"/>
        <source>The first day must not be after the last day.</source>
        <translation>开始日期不能晚于结束日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/conflicts.py" line="28"/>
        <source>This sync conflict is no longer listed.</source>
        <translation>这条同步冲突已不在列表中。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/conflicts.py" line="29"/>
        <source>This sync conflict was already confirmed by {name}.</source>
        <translation>这条同步冲突已由 {name} 确认。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/conflicts.py" line="30"/>
        <source>The record this conflict is about no longer exists: confirm the value kept.</source>
        <translation>这条冲突涉及的记录已不存在，请确认保留现在的值。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/conflicts.py" line="31"/>
        <source>This field cannot be changed here: confirm the value kept.</source>
        <translation>这一项不能在这里修改，请确认保留现在的值。</translation>
    </message>
    <message>
        <location filename="../../app/services/sync/push.py" line="38"/>
        <source>Entry {seq} of desk {desk}&apos;s audit trail does not match its fingerprint or the street&apos;s copy: it was changed outside the program. Sync is stopped; call the administrator (main.py verify).</source>
        <translation>服务台 {desk} 的第 {seq} 条操作记录与它的校验值或街道保存的副本不符：数据库文件在程序之外被改动过。已停止同步，请联系管理员（main.py verify）。</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <location filename="../../app/i18n.py" line="41"/>
        <source>the file or folder does not exist</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="42"/>
        <location filename="../../app/i18n.py" line="43"/>
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="44"/>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="44"/>
        <source>; nothing was written. Free some space on it (or choose another disk) and try again</source>
        <translation>，未写入任何内容。请清理该磁盘上的空间（或换一个磁盘）后重试</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="46"/>
        <source>the disk is read-only</source>
        <translation>磁盘是只读的</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="47"/>
        <source>part of the path is a file, not a folder</source>
        <translation>路径中有一部分是文件，不是文件夹</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="48"/>
        <source>it is a folder, not a file</source>
        <translation>这是一个文件夹，不是文件</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="49"/>
        <source>it already exists</source>
        <translation>已经存在</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="54"/>
        <source>A file could not be read or written: {reason}.</source>
        <translation>无法读写文件：{reason}。</translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="56"/>
        <source>Cannot use the file {path}: {reason}.</source>
        <translation>无法读写文件 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../app/views/widgets.py" line="337"/>
        <source>Saved in the printing folder: {name}</source>
        <translation>已保存到打印文件夹：{name}</translation>
    </message>
    <message>
        <location filename="../../app/views/widgets.py" line="338"/>
        <source>Open the printing folder</source>
        <translation>打开打印文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/widgets.py" line="350"/>
        <source>The printing folder cannot be opened on this PC (no file manager).</source>
        <translation>本机无法打开打印文件夹（没有文件管理器）。</translation>
    </message>
</context>
<context>
    <name>hot_spots</name>
    <message>
        <location filename="../../app/views/hot_spots.py" line="36"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="37"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="38"/>
        <source>Requests</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="39"/>
        <source>First</source>
        <translation>最早</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="40"/>
        <source>Latest</source>
        <translation>最近</translation>
    </message>
    <message>
        <location filename="../../app/views/hot_spots.py" line="95"/>
        <source>Hot spots</source>
        <translation>热点</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../app/services/core/labels.py" line="51"/>
        <source>Walk-in</source>
        <translation>来访</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="52"/>
        <source>Phone call</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="53"/>
        <source>Volunteer collector</source>
        <translation>民情专员</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="54"/>
        <source>Online</source>
        <translation>网上</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="55"/>
        <source>One household</source>
        <translation>一户</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="56"/>
        <source>A building</source>
        <translation>一栋楼</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="57"/>
        <source>Whole community</source>
        <translation>全社区</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="58"/>
        <source>Empty nest</source>
        <translation>空巢</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="59"/>
        <source>Living alone</source>
        <translation>独居</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="60"/>
        <source>Disabled</source>
        <translation>残疾</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="61"/>
        <source>Rented</source>
        <translation>出租</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="62"/>
        <source>Ordinary</source>
        <translation>常态</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="93"/>
        <source>Awaiting dispatch</source>
        <translation>待派单</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="94"/>
        <location filename="../../app/services/core/labels.py" line="216"/>
        <source>Dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="95"/>
        <source>Responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="96"/>
        <source>Suspended</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="97"/>
        <location filename="../../app/services/core/labels.py" line="218"/>
        <source>Resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="98"/>
        <source>Closed</source>
        <translation>已归档</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="99"/>
        <source>Merged</source>
        <translation>已并单</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="100"/>
        <source>Logged</source>
        <translation>登记受理</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="101"/>
        <source>Another household joined</source>
        <translation>并单</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="102"/>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="103"/>
        <source>Progress note</source>
        <translation>进展</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="104"/>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="105"/>
        <source>Departments called in</source>
        <translation>吹哨报到</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="106"/>
        <source>Department reported</source>
        <translation>部门报到</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="107"/>
        <source>Raised to the next level</source>
        <translation>提级办理</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="108"/>
        <source>Suspension</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="109"/>
        <source>Resumed</source>
        <translation>恢复办理</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="110"/>
        <source>Resolution</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="111"/>
        <location filename="../../app/services/core/labels.py" line="219"/>
        <source>Follow-up call</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="112"/>
        <source>Closing</source>
        <translation>归档</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="113"/>
        <source>Merged into another request</source>
        <translation>并入他件</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="114"/>
        <source>Another request merged in</source>
        <translation>他件并入</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="115"/>
        <source>Reopened</source>
        <translation>重新办理</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="116"/>
        <source>Deadline warning</source>
        <translation>超时预警</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="117"/>
        <source>Escalated</source>
        <translation>超时升级</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="124"/>
        <source>Community</source>
        <translation>社区自办</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="85"/>
        <source>Living here</source>
        <translation>在册</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="86"/>
        <source>Moved away</source>
        <translation>已迁出</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="87"/>
        <source>Deceased</source>
        <translation>已故</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="88"/>
        <source>Merged into another record</source>
        <translation>已合并</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="89"/>
        <source>Community body</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="90"/>
        <source>Street office section</source>
        <translation>街道科室</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="91"/>
        <source>Resident unit</source>
        <translation>驻区单位</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="92"/>
        <source>Public utility</source>
        <translation>公共事业</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="118"/>
        <source>Public note reviewed</source>
        <translation>公开说明审核</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="123"/>
        <source>Duplicate resident record merged</source>
        <translation>居民重复记录合并</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="125"/>
        <source>Street (departments called in)</source>
        <translation>街道吹哨</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="126"/>
        <source>Regional units</source>
        <translation>区域联动</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="127"/>
        <source>Task force</source>
        <translation>专班攻坚</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="128"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="129"/>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="130"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="132"/>
        <source>Response time</source>
        <translation>响应时限</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="133"/>
        <source>Resolution time</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="134"/>
        <source>Follow-up time</source>
        <translation>回访时限</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="135"/>
        <source>Department&apos;s report time</source>
        <translation>部门报到时限</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="136"/>
        <source>Reception clerk</source>
        <translation>前台接待员</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="137"/>
        <source>Time-bank officer</source>
        <translation>时间银行专员</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="138"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="139"/>
        <source>Community director</source>
        <translation>社区主任</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="140"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="141"/>
        <source>Meals</source>
        <translation>助餐</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="142"/>
        <source>Cleaning</source>
        <translation>助洁</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="143"/>
        <source>Bathing</source>
        <translation>助浴</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="144"/>
        <source>Escort to hospital</source>
        <translation>陪同就医</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="145"/>
        <source>Visits and company</source>
        <translation>探访陪伴</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="146"/>
        <source>Shopping and errands</source>
        <translation>代购代办</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="147"/>
        <source>Small repairs</source>
        <translation>小修小补</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="148"/>
        <source>Tutoring</source>
        <translation>学业辅导</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="149"/>
        <source>Community activity</source>
        <translation>社区公益活动</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="150"/>
        <source>Other service</source>
        <translation>其他服务</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="151"/>
        <source>To verify</source>
        <translation>待核实</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="152"/>
        <source>Verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="153"/>
        <source>Credited</source>
        <translation>已入账</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="154"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="155"/>
        <source>Reversed</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="156"/>
        <source>Active</source>
        <translation>在册</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="157"/>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="158"/>
        <source>Left</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="77"/>
        <location filename="../../app/services/core/labels.py" line="159"/>
        <source>Spouse</source>
        <translation>配偶</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="79"/>
        <location filename="../../app/services/core/labels.py" line="160"/>
        <source>Parent</source>
        <translation>父母</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="78"/>
        <location filename="../../app/services/core/labels.py" line="161"/>
        <source>Child</source>
        <translation>子女</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="81"/>
        <location filename="../../app/services/core/labels.py" line="162"/>
        <source>Grandparent</source>
        <translation>祖父母/外祖父母</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="80"/>
        <location filename="../../app/services/core/labels.py" line="163"/>
        <source>Grandchild</source>
        <translation>孙子女/外孙子女</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="63"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="64"/>
        <source>Person</source>
        <translation>人</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="65"/>
        <source>Daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="66"/>
        <source>Weekly</source>
        <translation>每周</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="67"/>
        <source>Monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="68"/>
        <source>Yearly</source>
        <translation>每年</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="69"/>
        <source>Inspection</source>
        <translation>年检</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="70"/>
        <source>Fire safety check</source>
        <translation>消防检查</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="71"/>
        <source>Gas check</source>
        <translation>燃气检查</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="72"/>
        <source>Home visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="73"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="74"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="75"/>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="76"/>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="82"/>
        <source>Sibling</source>
        <translation>兄弟姐妹</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="83"/>
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="84"/>
        <source>Other relation</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="119"/>
        <source>Asked again</source>
        <translation>重复来电</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="120"/>
        <source>Follow-up call not answered</source>
        <translation>回访未接通</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="121"/>
        <source>Message sent</source>
        <translation>已发送消息</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="122"/>
        <source>Partner resource helped</source>
        <translation>资源协助</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="131"/>
        <source>Could not be reached</source>
        <translation>无法联系</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="164"/>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="165"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="166"/>
        <source>Not approved</source>
        <translation>未批准</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="167"/>
        <source>Personal account</source>
        <translation>个人账户</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="168"/>
        <source>Community pool</source>
        <translation>社区互助池</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="169"/>
        <source>Hours issued</source>
        <translation>发放总账</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="170"/>
        <source>Hours redeemed</source>
        <translation>兑换总账</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="171"/>
        <source>Service credited</source>
        <translation>服务存入</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="172"/>
        <source>Redeemed</source>
        <translation>兑换取出</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="173"/>
        <source>Transfer to family</source>
        <translation>转赠家人</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="174"/>
        <source>Donated to the pool</source>
        <translation>捐入互助池</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="175"/>
        <source>Granted from the pool</source>
        <translation>互助池发放</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="176"/>
        <source>Reversal</source>
        <translation>冲正</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="177"/>
        <source>Points earned</source>
        <translation>积分获得</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="178"/>
        <source>Points expired</source>
        <translation>积分过期</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="179"/>
        <source>Duplicate record merged</source>
        <translation>合并重复登记</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="180"/>
        <source>Expired points</source>
        <translation>过期注销</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="181"/>
        <source>Catering</source>
        <translation>餐饮</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="182"/>
        <source>Entertainment</source>
        <translation>休闲娱乐</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="183"/>
        <source>Education</source>
        <translation>教育培训</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="184"/>
        <source>Medical services</source>
        <translation>医疗健康</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="185"/>
        <source>Other merchant</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="186"/>
        <source>Hospital or clinic</source>
        <translation>医疗卫生</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="187"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="188"/>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="189"/>
        <source>Property company</source>
        <translation>物业公司</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="190"/>
        <source>Legal services</source>
        <translation>法律服务</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="191"/>
        <source>Psychological counselling</source>
        <translation>心理咨询</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="192"/>
        <source>Volunteer team</source>
        <translation>志愿服务队</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="193"/>
        <source>Social organisation</source>
        <translation>社会组织</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="194"/>
        <source>Shop or merchant</source>
        <translation>商户</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="195"/>
        <source>Other partner</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="196"/>
        <source>Volunteer hour</source>
        <translation>志愿服务（每小时）</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="197"/>
        <source>Donation</source>
        <translation>爱心捐赠</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="198"/>
        <source>Adopted suggestion</source>
        <translation>建言献策</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="199"/>
        <source>Council meeting attended</source>
        <translation>参加议事会</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="200"/>
        <source>Other deed</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="201"/>
        <source>Building council</source>
        <translation>楼栋议事会</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="202"/>
        <source>Grid council</source>
        <translation>网格议事会</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="203"/>
        <source>Community council</source>
        <translation>社区议事会</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="204"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="205"/>
        <source>Staff member</source>
        <translation>社区工作人员</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="206"/>
        <source>Department representative</source>
        <translation>部门代表</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="207"/>
        <source>Not yet honoured</source>
        <translation>待核销</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="208"/>
        <source>Honoured</source>
        <translation>已核销</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="209"/>
        <source>Cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="210"/>
        <source>Initial stock</source>
        <translation>初始库存</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="211"/>
        <source>Restocked</source>
        <translation>补货</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="212"/>
        <source>Written off</source>
        <translation>报损</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="213"/>
        <source>Out on redemption</source>
        <translation>兑换出库</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="214"/>
        <source>Returned on cancellation</source>
        <translation>撤销退回</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="215"/>
        <source>Received</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="217"/>
        <source>Progress</source>
        <translation>办理进展</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="220"/>
        <source>Text message</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="221"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="222"/>
        <source>Standard size</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="223"/>
        <source>Large</source>
        <translation>大</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="224"/>
        <source>Extra large</source>
        <translation>特大</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="226"/>
        <source>Identified</source>
        <translation>精准识别</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="227"/>
        <source>Measures planned</source>
        <translation>分类施策</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="228"/>
        <source>Referrals followed</source>
        <translation>跟踪服务</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="229"/>
        <source>Rights checked</source>
        <translation>权益保障</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="230"/>
        <source>File closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="231"/>
        <source>Interview pending</source>
        <translation>待面试</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="232"/>
        <source>Hired</source>
        <translation>录用</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="233"/>
        <source>Not hired</source>
        <translation>未录用</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="234"/>
        <source>Re-employed</source>
        <translation>再就业</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="235"/>
        <source>Started a business</source>
        <translation>自主创业</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="236"/>
        <source>Closed without a job</source>
        <translation>未就业结案</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="245"/>
        <source>1 - can wait</source>
        <translation>1 - 一般</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="246"/>
        <source>2 - soon</source>
        <translation>2 - 较急</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="247"/>
        <source>3 - urgent</source>
        <translation>3 - 紧急</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="248"/>
        <source>4 - very urgent</source>
        <translation>4 - 很紧急</translation>
    </message>
    <message>
        <location filename="../../app/services/core/labels.py" line="249"/>
        <source>5 - emergency</source>
        <translation>5 - 危急</translation>
    </message>
</context>
<context>
    <name>members</name>
    <message>
        <location filename="../../app/views/resident_profile.py" line="32"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="33"/>
        <source>Relation</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="35"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="36"/>
        <source>Person&apos;s tags</source>
        <translation>个人标签</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_profile.py" line="37"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>operations</name>
    <message>
        <location filename="../../app/views/operations.py" line="88"/>
        <source>Saving… the database is busy, please wait.</source>
        <translation>正在保存……数据库正忙，请稍候。</translation>
    </message>
    <message>
        <location filename="../../app/views/operations.py" line="147"/>
        <source>Writing {path}…</source>
        <translation>正在写入 {path}…</translation>
    </message>
</context>
<context>
    <name>rates</name>
    <message>
        <location filename="../../app/services/cases/rates.py" line="75"/>
        <source>Requests logged in the period. A duplicate merged into another request is not counted; its residents count at the request it was merged into.</source>
        <translation>本期间登记的诉求。并入其他诉求的重复诉求不单独计数，其反映居民计入被并入的诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/rates.py" line="78"/>
        <source>Response rate = requests responded to / requests received in the period. Responded: the handler has responded (or resolved it at once); a reopened request stays responded.</source>
        <translation>响应率 = 已响应诉求数 ÷ 本期间受理诉求数。已响应：承办人已响应（或当即办结）；重新办理的诉求仍算已响应。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/rates.py" line="83"/>
        <source>Resolution rate = requests now resolved or closed / requests received in the period. A reopened request counts only once it is resolved again.</source>
        <translation>解决率 = 目前已办结或已归档的诉求数 ÷ 本期间受理诉求数。重新办理的诉求须再次办结后才计入。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/rates.py" line="87"/>
        <source>Satisfaction rate = follow-up calls answered satisfied or basically satisfied / follow-up calls answered, on the requests received in the period. Every answer counts: a dissatisfied answer reopens the request and stays counted after a later call. A resident who could not be reached (no answer on at least three different days) is left out of the rate, neither satisfied nor answered, and counted beside it.</source>
        <translation>满意率 = 回访回答满意或基本满意的次数 / 回访得到回答的次数，按本期受理的诉求计。每次回答都计入：回答不满意的诉求重新办理，之后再回访也照样计入。无法联系的居民（至少三个不同的日子未接通）不计入满意率（既不算满意，也不算回答），另行列出件数。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/rates.py" line="98"/>
        <source>Average time from logging a request to its first response, without the time it was suspended, over the requests responded to.</source>
        <translation>从登记诉求到首次响应的平均用时，不含挂起时间，按已响应的诉求统计。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/rates.py" line="101"/>
        <source>Average time from logging a request to its resolution (the latest, if reopened), without the time it was suspended, over the requests resolved.</source>
        <translation>从登记诉求到办结的平均用时（重新办理过的按最后一次办结计算），不含挂起时间，按已办结的诉求统计。</translation>
    </message>
    <message>
        <location filename="../../app/services/cases/rates.py" line="105"/>
        <source>Departments: on-time report rate = reports made within the report time limit / calls judged (reported, or past it), on the requests received in the period; a department&apos;s latest call on each request counts. Ranked by this rate, then by the quicker average report. The red list is the best three, the black list the worst three.</source>
        <translation>部门按时报到率 = 在报到时限内报到的次数 ÷ 已可评定的吹哨次数（已报到或已过报到时限），统计本期间受理的诉求；每件诉求只计该部门最近一次吹哨。先按此比率排名，比率相同时平均报到用时短的在前。红榜为前三名，黑榜为后三名。</translation>
    </message>
</context>
<context>
    <name>register</name>
    <message>
        <location filename="../../app/views/register_import.py" line="50"/>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="51"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="52"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="53"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="54"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="55"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="56"/>
        <source>Address (3-2-301)</source>
        <translation>住址（3-2-301）</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="57"/>
        <source>Building</source>
        <translation>楼号</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="58"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="59"/>
        <source>Room</source>
        <translation>室</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="60"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="61"/>
        <source>Household type</source>
        <translation>户类型</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="62"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="65"/>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="66"/>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="67"/>
        <source>No change</source>
        <translation>无变化</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="68"/>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="373"/>
        <source>The register ({n} residents) was saved to {path}.</source>
        <translation>居民花名册（{n} 人）已保存到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="376"/>
        <source>Without ID numbers (your role may not see them): it cannot be imported back as it is.</source>
        <translation>未包含身份证号（您的角色无权查看）：此文件不能原样导回。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="382"/>
        <source>Export the register</source>
        <translation>导出居民花名册</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="383"/>
        <location filename="../../app/views/register_import.py" line="393"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="390"/>
        <source>The template was saved to {path}.</source>
        <translation>模板已保存到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/views/register_import.py" line="392"/>
        <source>Save the template</source>
        <translation>保存模板</translation>
    </message>
</context>
<context>
    <name>residents</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="63"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="64"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="66"/>
        <source>{age} yrs</source>
        <translation>{age}岁</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="42"/>
        <source>Anywhere in the desk</source>
        <translation>任何页面</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="43"/>
        <source>New request form</source>
        <translation>诉求登记</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="44"/>
        <source>Finding the resident</source>
        <translation>查找居民</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="45"/>
        <source>New resident panel</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="46"/>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="47"/>
        <source>Request list</source>
        <translation>诉求列表</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="48"/>
        <source>Resident look-up</source>
        <translation>居民查询</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="49"/>
        <source>Request page</source>
        <translation>诉求详情</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="50"/>
        <source>Follow-up calls</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="82"/>
        <source>The user guide, at the page of this screen</source>
        <translation>打开使用指南（本页的说明）</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="84"/>
        <source>Log a new request</source>
        <translation>新建诉求登记</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="86"/>
        <source>Lock the desk (what is typed is kept)</source>
        <translation>锁屏（已输入的内容保留）</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="88"/>
        <source>Log out for the next person</source>
        <translation>退出登录，换人使用</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="90"/>
        <source>Close the program</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="92"/>
        <source>Larger text on every screen (standard, large, extra large)</source>
        <translation>放大所有界面的字（标准、大、特大）</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="94"/>
        <source>Smaller text on every screen</source>
        <translation>缩小所有界面的字</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="96"/>
        <source>Sync with the street now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="98"/>
        <source>Next field (also out of the description box)</source>
        <translation>到下一项（在描述框里也是）</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="101"/>
        <source>The item with that number: channel, category, urgency, scope</source>
        <translation>选带这个编号的项：受理方式、类别、紧急程度、影响范围</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="103"/>
        <source>Tick the highlighted department, or anonymous</source>
        <translation>勾选当前部门，或勾选公示时匿名</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="106"/>
        <source>Between the parts of the deadline (day, hour …)</source>
        <translation>在期望解决时限的年、月、日、时、分之间移动</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="109"/>
        <source>Save, and open the receipt to print</source>
        <translation>保存并打开回执打印</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="110"/>
        <source>Save without printing</source>
        <translation>只保存，不打印</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="111"/>
        <source>Add a resident who is not on file</source>
        <translation>新增居民（查无此人时）</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="114"/>
        <source>Add to the request chosen on the right (another household, or a repeat call)</source>
        <translation>并入右侧选中的诉求（并单或重复来电）</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="116"/>
        <source>Take the first resident found</source>
        <translation>选第一个查到的居民</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="118"/>
        <source>Into the list of residents found (Enter takes one)</source>
        <translation>进入查找结果（再按 Enter 选中）</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="120"/>
        <source>Back to the search box</source>
        <translation>回到查找框</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="122"/>
        <source>Save the new resident and choose them</source>
        <translation>保存新居民并选中</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="124"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="125"/>
        <source>Save a copy as PDF</source>
        <translation>另存为 PDF 文件</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="127"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="128"/>
        <source>Open the highlighted request</source>
        <translation>打开选中的诉求</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="130"/>
        <source>Edit the highlighted resident</source>
        <translation>修改选中的居民</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="133"/>
        <source>Send the resident a message (text message or WeChat)</source>
        <translation>给居民发短信或微信</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="136"/>
        <source>Choose the answer by the number on its button</source>
        <translation>按编号选回访结果</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="139"/>
        <source>Record it; the next request comes up</source>
        <translation>记录，转到下一件</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="177"/>
        <source>type the name</source>
        <translation>输入姓名或拼音</translation>
    </message>
    <message>
        <location filename="../../app/domain/shortcuts.py" line="178"/>
        <source>type the problem</source>
        <translation>输入诉求描述</translation>
    </message>
</context>
<context>
    <name>street_report</name>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="102"/>
        <source>The work report of {period} ({days}): {n} request(s) received.</source>
        <translation>已生成{period}（{days}）工作简报：受理诉求 {n} 件。</translation>
    </message>
    <message>
        <location filename="../../app/views/street_report_dialog.py" line="112"/>
        <source>No program on this PC opens Word documents: take the file to a PC with Word or WPS.</source>
        <translation>这台电脑没有能打开 Word 文档的程序，请拷到装有 Word 或 WPS 的电脑上打开。</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <location filename="../../app/views/backups_dialog.py" line="61"/>
        <location filename="../../app/views/widgets.py" line="176"/>
        <source>Look in:</source>
        <translation>查找范围：</translation>
    </message>
    <message>
        <location filename="../../app/views/widgets.py" line="177"/>
        <source>Files of type:</source>
        <translation>文件类型：</translation>
    </message>
</context>
</TS>
