<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../app/views/accounts_page.py" line="34"/>
        <location filename="../../app/views/accounts_page.py" line="56"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="35"/>
        <location filename="../../app/views/accounts_page.py" line="57"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="36"/>
        <location filename="../../app/views/accounts_page.py" line="58"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="37"/>
        <location filename="../../app/views/accounts_page.py" line="63"/>
        <location filename="../../app/views/accounts_page.py" line="72"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="38"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="38"/>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="38"/>
        <source>disabled</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="40"/>
        <source>Staff accounts</source>
        <translation>工作人员账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="41"/>
        <location filename="../../app/views/accounts_page.py" line="99"/>
        <source>Disable account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="42"/>
        <source>Disable or enable the chosen account</source>
        <translation>停用或启用所选账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="44"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="46"/>
        <source>new password for the chosen account</source>
        <translation>所选账号的新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="47"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="48"/>
        <source>Reset the chosen account&apos;s password</source>
        <translation>重置所选账号的密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="61"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="64"/>
        <source>Create account</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="65"/>
        <source>Create the account</source>
        <translation>创建该账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="66"/>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="68"/>
        <source>User name *</source>
        <translation>用户名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="69"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="70"/>
        <source>Role *</source>
        <translation>角色 *</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="71"/>
        <source>Password *</source>
        <translation>密码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="100"/>
        <source>Enable account</source>
        <translation>启用账号</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="105"/>
        <source>Choose an account in the list first.</source>
        <translation>请先在列表中选择一个账号。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="113"/>
        <source>Disable {name}?</source>
        <translation>停用 {name} 的账号？</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="114"/>
        <source>{name} will not be able to log in, and anything still open in their name stops working at once. You can enable the account again later.</source>
        <translation>{name} 将无法登录，已打开的窗口也会立即失效。以后可以重新启用该账号。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="122"/>
        <source>{name} can log in again.</source>
        <translation>{name}已启用，可以重新登录。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="123"/>
        <source>{name} is disabled and can do nothing until enabled.</source>
        <translation>{name}已停用，重新启用前无法进行任何操作。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="138"/>
        <source>The password of {name} was reset.</source>
        <translation>{name}的密码已重置。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="148"/>
        <source>Not created: please correct the fields marked in red.</source>
        <translation>未创建：请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="156"/>
        <source>Account {username} created.</source>
        <translation>已创建账号 {username}。</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../app/views/audit_page.py" line="26"/>
        <location filename="../../app/views/audit_page.py" line="45"/>
        <location filename="../../app/views/audit_page.py" line="56"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="27"/>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="28"/>
        <location filename="../../app/views/audit_page.py" line="48"/>
        <location filename="../../app/views/audit_page.py" line="56"/>
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="29"/>
        <location filename="../../app/views/audit_page.py" line="57"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="30"/>
        <location filename="../../app/views/audit_page.py" line="57"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="36"/>
        <source>Contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="37"/>
        <source>a name, a number, a case number…</source>
        <translation>姓名、号码、受理编号……</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="38"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="39"/>
        <source>Search the audit trail</source>
        <translation>查询操作记录</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="43"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="44"/>
        <source>Desk</source>
        <translation>服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="46"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="46"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="46"/>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="47"/>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="49"/>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="51"/>
        <source>Audit trail</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="74"/>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <location filename="../../app/views/audit_page.py" line="92"/>
        <source>{n} entries (newest first, at most 500)</source>
        <translation>共 {n} 条（最新的在前，最多500条）</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="28"/>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="32"/>
        <location filename="../../app/views/account_dialogs.py" line="36"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="33"/>
        <location filename="../../app/views/account_dialogs.py" line="37"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="34"/>
        <source>Repeat the new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="38"/>
        <source>Repeat</source>
        <translation>确认新密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="40"/>
        <location filename="../../app/views/account_dialogs.py" line="41"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="44"/>
        <source>At least 8 characters, with letters and digits.</source>
        <translation>至少8位，须同时包含字母和数字。</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../app/views/login.py" line="93"/>
        <source>Community Desk — first start</source>
        <translation>社区服务台 — 首次启动</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="96"/>
        <source>Welcome. This PC has no community yet. Enter your community and this desk, and create the administrator account. To look around first, load the demo community.</source>
        <translation>欢迎使用。本机尚未设置社区。请填写本社区和本服务台的信息，并创建管理员账号。如想先试用，可加载演示社区。</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="109"/>
        <source>Community name</source>
        <translation>社区名称</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="109"/>
        <source>e.g. 幸福里社区</source>
        <translation>例如：幸福里社区</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="110"/>
        <location filename="../../app/views/login.py" line="123"/>
        <source>Street office</source>
        <translation>所属街道</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="110"/>
        <source>e.g. 站前街道</source>
        <translation>例如：站前街道</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="111"/>
        <source>Desk code</source>
        <translation>服务台代码</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="111"/>
        <source>e.g. A01 (prefix of case numbers)</source>
        <translation>例如：A01（受理编号的前缀）</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="112"/>
        <source>Desk name</source>
        <translation>服务台名称</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="112"/>
        <source>e.g. 一号窗口</source>
        <translation>例如：一号窗口</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="113"/>
        <source>Desk phone</source>
        <translation>服务台电话</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="113"/>
        <source>printed on every receipt</source>
        <translation>将印在每张回执上</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="114"/>
        <source>Administrator user name</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="115"/>
        <source>Administrator&apos;s name</source>
        <translation>管理员姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="116"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="116"/>
        <source>at least 8, letters and digits</source>
        <translation>至少8位，须含字母和数字</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="118"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="120"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="122"/>
        <location filename="../../app/views/login.py" line="132"/>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="124"/>
        <source>This desk</source>
        <translation>本服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="126"/>
        <source>Desk code *</source>
        <translation>服务台代码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="127"/>
        <source>Desk name *</source>
        <translation>服务台名称 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="128"/>
        <source>Desk phone *</source>
        <translation>服务台电话 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="129"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="131"/>
        <source>User name *</source>
        <translation>用户名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="133"/>
        <source>Password *</source>
        <translation>密码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="134"/>
        <source>Repeat *</source>
        <translation>确认密码 *</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="136"/>
        <location filename="../../app/views/login.py" line="137"/>
        <source>Finish set-up</source>
        <translation>完成设置</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="140"/>
        <source>Load the demo community…</source>
        <translation>加载演示社区…</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="141"/>
        <source>Load the demo community</source>
        <translation>加载演示社区</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="184"/>
        <source>Please correct the fields marked in red.</source>
        <translation>请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="194"/>
        <source>Load the demo community?</source>
        <translation>加载演示社区？</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="195"/>
        <source>The demo community (about 300 residents and 200 requests, all invented) is written into this data folder instead of your own community. Use it to look around; set up your own community in a fresh data folder later. Continue?</source>
        <translation>将在本数据文件夹中生成演示社区（约300位居民、200件诉求，均为虚构），而不是设置您自己的社区。演示社区仅供熟悉软件；您自己的社区以后请在新的数据文件夹中设置。是否继续？</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="150"/>
        <source>Group activity</source>
        <translation>集体活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="156"/>
        <location filename="../../app/views/timebank_dialogs.py" line="158"/>
        <source>Activity</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="157"/>
        <source>e.g. stairwell clean-up, Building 3</source>
        <translation>例如：3号楼楼道大扫除</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="159"/>
        <location filename="../../app/views/timebank_dialogs.py" line="160"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="161"/>
        <location filename="../../app/views/timebank_dialogs.py" line="163"/>
        <source>Kind of service</source>
        <translation>服务类别</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="165"/>
        <location filename="../../app/views/timebank_dialogs.py" line="168"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="169"/>
        <location filename="../../app/views/timebank_dialogs.py" line="171"/>
        <source>From</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="170"/>
        <location filename="../../app/views/timebank_dialogs.py" line="172"/>
        <source>To</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="173"/>
        <source>Filter volunteers</source>
        <translation>筛选志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="174"/>
        <source>Type to narrow the list; tick who took part</source>
        <translation>输入姓名筛选；勾选参加的志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="175"/>
        <source>Volunteers who took part</source>
        <translation>参加的志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="190"/>
        <source>Who took part</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="191"/>
        <location filename="../../app/views/timebank_dialogs.py" line="192"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="215"/>
        <source>{n} volunteer(s) ticked</source>
        <translation>已勾选 {n} 名志愿者</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../app/views/home_page.py" line="41"/>
        <source>New request (Ctrl+N)</source>
        <translation>新登记 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="42"/>
        <source>Log a new request</source>
        <translation>登记新诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="44"/>
        <source>Receipt of the chosen request</source>
        <translation>所选诉求回执</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="45"/>
        <source>Show the receipt of the chosen request again</source>
        <translation>再次显示所选诉求的回执</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="48"/>
        <source>Case no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="49"/>
        <source>Logged</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="50"/>
        <source>Channel</source>
        <translation>受理方式</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="51"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="52"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="53"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="54"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="55"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="56"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="57"/>
        <source>Deadline</source>
        <translation>期望解决时限</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="59"/>
        <location filename="../../app/views/home_page.py" line="64"/>
        <source>Latest requests</source>
        <translation>最近诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="87"/>
        <source>{community} · {desk}</source>
        <translation>{community} · {desk}</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="88"/>
        <source>Requests logged today: {n}</source>
        <translation>今日已登记诉求：{n} 件</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="95"/>
        <source>Choose a request in the list first.</source>
        <translation>请先在列表中选择一件诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="105"/>
        <source>Receipt {no}</source>
        <translation>回执 {no}</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <location filename="../../app/views/intake_page.py" line="103"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="104"/>
        <source>Restore the unsaved request</source>
        <translation>恢复未保存的登记</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="105"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="106"/>
        <source>Discard the unsaved request</source>
        <translation>丢弃未保存的登记</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="117"/>
        <source>How the request came in</source>
        <translation>受理方式</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="120"/>
        <location filename="../../app/views/intake_page.py" line="180"/>
        <source>Caller&apos;s number</source>
        <translation>来电号码</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="121"/>
        <source>e.g. 13812345678 or 0412-5581234</source>
        <translation>例如：13812345678 或 0412-5581234</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="126"/>
        <source>Restart</source>
        <translation>重新计时</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="127"/>
        <source>Restart the call timer</source>
        <translation>重新开始通话计时</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="131"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="132"/>
        <source>Add a new resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="133"/>
        <source>Add a resident who is not on file yet (Ctrl+R)</source>
        <translation>添加尚未登记的居民 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="139"/>
        <source>Category</source>
        <translation>诉求类别</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="140"/>
        <source>Sub-category</source>
        <translation>子类</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="141"/>
        <source>Description</source>
        <translation>诉求描述</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="143"/>
        <source>What is the problem, where, since when, what the resident asks</source>
        <translation>什么问题、在哪里、从何时开始、居民有什么要求</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="149"/>
        <location filename="../../app/views/intake_page.py" line="187"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="152"/>
        <source>Who is affected</source>
        <translation>影响范围</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="155"/>
        <source>Departments involved</source>
        <translation>涉及部门</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="163"/>
        <source>Expected deadline</source>
        <translation>期望解决时限</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="171"/>
        <source>Reset to rule</source>
        <translation>恢复默认时限</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="172"/>
        <source>Set the deadline by the category&apos;s rule</source>
        <translation>按该类别的规定设置时限</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="174"/>
        <source>Keep me anonymous on public notices</source>
        <translation>公示时匿名</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="175"/>
        <source>Anonymous in public</source>
        <translation>公示时匿名</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="179"/>
        <source>Channel</source>
        <translation>受理方式</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="183"/>
        <source>Resident *</source>
        <translation>居民 *</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="184"/>
        <source>Category *</source>
        <translation>诉求类别 *</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="185"/>
        <source>Sub-category *</source>
        <translation>子类 *</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="186"/>
        <source>Description *</source>
        <translation>诉求描述 *</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="188"/>
        <source>Affected</source>
        <translation>影响范围</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="189"/>
        <source>Departments</source>
        <translation>涉及部门</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="190"/>
        <source>Deadline</source>
        <translation>期望解决时限</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="194"/>
        <source>Save and print receipt (Ctrl+Enter)</source>
        <translation>保存并打印回执 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="195"/>
        <source>Save and print the receipt</source>
        <translation>保存并打印回执</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="197"/>
        <source>Save only (Ctrl+S)</source>
        <translation>仅保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="198"/>
        <source>Save without printing</source>
        <translation>保存但不打印</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="199"/>
        <source>Clear form</source>
        <translation>清空表单</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="200"/>
        <source>Clear the form</source>
        <translation>清空表单</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="217"/>
        <source>Open requests that look the same (last 30 days)</source>
        <translation>相似未办结诉求（近30天）</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="219"/>
        <source>Similar open requests</source>
        <translation>相似的未办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="223"/>
        <location filename="../../app/views/intake_page.py" line="491"/>
        <source>Choose the resident and category to see similar requests.</source>
        <translation>选择居民和类别后，将显示相似诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="226"/>
        <source>Add to the chosen request (Ctrl+J)</source>
        <translation>并入所选诉求 (Ctrl+J)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="227"/>
        <source>Add this report to the chosen request</source>
        <translation>将本次反映并入所选诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="233"/>
        <source>&lt;b&gt;Keys&lt;/b&gt;&lt;br&gt;Ctrl+N new request · Tab next field&lt;br&gt;Enter picks the first resident, ↓ chooses another&lt;br&gt;Ctrl+R new resident · Ctrl+J add to a similar request&lt;br&gt;Ctrl+Enter save and print · Ctrl+S save</source>
        <translation>&lt;b&gt;快捷键&lt;/b&gt;&lt;br&gt;Ctrl+N 新登记 · Tab 下一项&lt;br&gt;Enter 选第一位居民，↓ 选其他居民&lt;br&gt;Ctrl+R 新增居民 · Ctrl+J 并入相似诉求&lt;br&gt;Ctrl+Enter 保存并打印 · Ctrl+S 保存</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="337"/>
        <location filename="../../app/views/intake_page.py" line="351"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="349"/>
        <source>— choose the category first —</source>
        <translation>— 请先选择类别 —</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="373"/>
        <source>Filled in when you choose the category.</source>
        <translation>选择类别后自动填写。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="378"/>
        <source>By rule: {hours} h</source>
        <translation>按规定：{hours} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="384"/>
        <location filename="../../app/views/intake_page.py" line="672"/>
        <source>Set by hand</source>
        <translation>手动设置</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="404"/>
        <source>Call --:--</source>
        <translation>通话 --:--</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="413"/>
        <source>Call {m:02d}:{s:02d}</source>
        <translation>通话 {m:02d}:{s:02d}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="429"/>
        <source>{n} / {max} characters</source>
        <translation>{n} / {max} 字</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="473"/>
        <source>same building, same kind of problem</source>
        <translation>同一楼栋，同类问题</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="474"/>
        <source>similar text ({score}%)</source>
        <translation>内容相似（{score}%）</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="476"/>
        <source>{building} bldg</source>
        <translation>{building}号楼</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="476"/>
        <source>no address</source>
        <translation>住址未登记</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="477"/>
        <source>{no} · {when} · {place} · {households} household(s)
{category}: {summary}
({reason})</source>
        <translation>{no} · {when} · {place} · {households} 户
{category}：{summary}
→ {reason}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="484"/>
        <source>{n} open request(s) may be the same problem. Choose one and press Ctrl+J to add this household to it instead of opening a new case.</source>
        <translation>有 {n} 件未办结诉求可能是同一问题。请选中一件并按 Ctrl+J，将本户并入该诉求，无需另行立案。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="486"/>
        <source>No similar open request.</source>
        <translation>没有相似的未办结诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="525"/>
        <source>Choose one of the similar requests first.</source>
        <translation>请先选择一件相似诉求。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="528"/>
        <source>Add to request {no}?</source>
        <translation>并入诉求 {no}？</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="529"/>
        <source>This report will not open a new case: it is added to request {no} ({summary}), which will then cover one more household. The resident gets a receipt with that case number.</source>
        <translation>本次反映不另行立案，而是并入诉求 {no}（{summary}），该诉求涉及户数将增加一户。居民将拿到该受理编号的回执。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="546"/>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="550"/>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="563"/>
        <source>Saved as {no}, but the receipt could not be written: {err}</source>
        <translation>已保存，受理编号 {no}，但回执未能生成：{err}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="567"/>
        <source>Added to request {no}: it now covers {n} household(s).</source>
        <translation>已并入诉求 {no}，现共涉及 {n} 户。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="569"/>
        <source>Saved. Case number {no}.</source>
        <translation>已保存，受理编号 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="570"/>
        <source>Receipt: {path}</source>
        <translation>回执：{path}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="575"/>
        <source>Receipt {no}</source>
        <translation>回执 {no}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="627"/>
        <source>An unsaved request from {when} was found ({what}). Restore it?</source>
        <translation>发现 {when} 未保存的登记（{what}），是否恢复？</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="680"/>
        <source>The unsaved request was restored.</source>
        <translation>未保存的登记已恢复。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="100"/>
        <source>Desk locked</source>
        <translation>服务台已锁定</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="104"/>
        <source>This desk was locked because nobody used it for a while.</source>
        <translation>服务台一段时间无人操作，已自动锁定。</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="107"/>
        <source>{name}, please type your password to go on. Your open work is kept.</source>
        <translation>{name}，请输入密码继续。正在办理的内容都已保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="110"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="116"/>
        <location filename="../../app/views/account_dialogs.py" line="117"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="120"/>
        <source>Another person: log out</source>
        <translation>换人使用：注销</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="121"/>
        <source>Log out so another person can log in</source>
        <translation>注销，以便其他人登录</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/views/login.py" line="35"/>
        <source>Community Desk — log in</source>
        <translation>社区服务台 — 登录</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="42"/>
        <source>Community Desk {version}</source>
        <translation>社区服务台 {version}</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="44"/>
        <location filename="../../app/views/login.py" line="57"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="45"/>
        <location filename="../../app/views/login.py" line="58"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="52"/>
        <location filename="../../app/views/login.py" line="53"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/main_window.py" line="41"/>
        <source>Community Desk — {community}</source>
        <translation>社区服务台 — {community}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="44"/>
        <source>Areas</source>
        <translation>功能导航</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="53"/>
        <source>Home</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="57"/>
        <source>New request</source>
        <translation>诉求登记</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="59"/>
        <source>Residents</source>
        <translation>居民查询</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="61"/>
        <source>Time bank</source>
        <translation>时间银行</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="64"/>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="66"/>
        <source>Audit trail</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="70"/>
        <source>User: {name} ({role})</source>
        <translation>用户：{name}（{role}）</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="73"/>
        <source>Desk: {code} {name}</source>
        <translation>服务台：{code} {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="93"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="94"/>
        <source>&amp;New request</source>
        <translation>新登记(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="99"/>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="102"/>
        <source>&amp;Lock the desk</source>
        <translation>锁定服务台(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="106"/>
        <source>&amp;Log out</source>
        <translation>注销(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="110"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="114"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="115"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="178"/>
        <source>About Community Desk</source>
        <translation>关于社区服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="179"/>
        <source>&lt;h3&gt;Community Desk {version}&lt;/h3&gt;&lt;p&gt;Front-desk software for community service centres: requests, receipts and notices, working offline.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;社区服务台 {version}&lt;/h3&gt;&lt;p&gt;社区服务中心前台软件：诉求登记、回执和公示，无需联网即可使用。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NewResidentPanel</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="205"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="210"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="211"/>
        <location filename="../../app/views/resident_widgets.py" line="234"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="212"/>
        <location filename="../../app/views/resident_widgets.py" line="235"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="214"/>
        <location filename="../../app/views/resident_widgets.py" line="236"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="215"/>
        <source>(from ID number)</source>
        <translation>（按身份证号）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="216"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="217"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="218"/>
        <location filename="../../app/views/resident_widgets.py" line="221"/>
        <source>Building</source>
        <translation>楼号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="219"/>
        <location filename="../../app/views/resident_widgets.py" line="221"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="220"/>
        <location filename="../../app/views/resident_widgets.py" line="221"/>
        <source>Room</source>
        <translation>室号</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="229"/>
        <source>bldg</source>
        <translation>号楼</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="229"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="230"/>
        <source>room</source>
        <translation>室</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="233"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="237"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="238"/>
        <source>Household</source>
        <translation>住户情况</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="239"/>
        <location filename="../../app/views/resident_widgets.py" line="240"/>
        <source>Save resident</source>
        <translation>保存居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="241"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="57"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="58"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="59"/>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="60"/>
        <location filename="../../app/views/pdf_preview.py" line="92"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="61"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="63"/>
        <source>{pages} page(s) · {path}</source>
        <translation>共 {pages} 页 · {path}</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="89"/>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="93"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="101"/>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>ResidentLookup</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="60"/>
        <source>Find resident</source>
        <translation>查找居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="61"/>
        <source>Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, or address (3-2-301)</source>
        <translation>姓名、拼音（zhangsan / zs）、电话或后4位、身份证号或地址（3-2-301）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="64"/>
        <source>Matching residents</source>
        <translation>匹配的居民</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="122"/>
        <source>The first {n} shown: type more (the full name, or add the building) to narrow it down. ↓ to choose, Enter to take the first.</source>
        <translation>仅显示前 {n} 位：请多输入几个字（全名，或加上楼号）缩小范围。按 ↓ 选择，按 Enter 选第一位。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="126"/>
        <source>{n} found: ↓ to choose, Enter to take the first.</source>
        <translation>找到 {n} 位：按 ↓ 选择，按 Enter 选第一位。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="128"/>
        <source>Nobody found. Press Ctrl+R to add a new resident.</source>
        <translation>未找到居民。按 Ctrl+R 新增居民。</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="174"/>
        <source>ID number on file (hidden)</source>
        <translation>身份证号已登记（已隐藏）</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="176"/>
        <source>ID number {number}</source>
        <translation>身份证号 {number}</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="183"/>
        <source>{n} open request(s)</source>
        <translation>{n} 件未办结诉求</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <location filename="../../app/views/residents_page.py" line="37"/>
        <source>Find resident</source>
        <translation>查找居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="38"/>
        <source>Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, or address (3-2-301)</source>
        <translation>姓名、拼音（zhangsan / zs）、电话或后4位、身份证号或地址（3-2-301）</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="41"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="42"/>
        <source>Add a new resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="44"/>
        <location filename="../../app/views/residents_page.py" line="128"/>
        <source>Export this resident&apos;s data</source>
        <translation>导出此居民的数据</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="45"/>
        <source>Export everything stored about the selected resident, for them</source>
        <translation>导出所选居民的全部存储数据，交给本人</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="47"/>
        <location filename="../../app/views/residents_page.py" line="153"/>
        <source>Erase personal data</source>
        <translation>删除个人信息</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="48"/>
        <source>Blank the selected resident&apos;s personal data, keeping their requests anonymised</source>
        <translation>清除所选居民的个人信息，其诉求匿名保留</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="60"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="61"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="61"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="61"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="62"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="63"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="64"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="65"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="66"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="67"/>
        <source>Household</source>
        <translation>住户情况</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="68"/>
        <source>Open requests</source>
        <translation>未办结诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="70"/>
        <source>Residents found</source>
        <translation>查询结果</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="100"/>
        <source>on file (hidden)</source>
        <translation>已登记（已隐藏）</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="111"/>
        <source>{n} resident(s) found</source>
        <translation>找到 {n} 位居民</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="132"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="145"/>
        <source>{name}&apos;s data ({cases} request(s)) was saved to {path}. It contains personal data: hand it only to the resident.</source>
        <translation>{name} 的数据（{cases} 件诉求）已保存到 {path}。文件含个人信息，只能交给本人。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="154"/>
        <source>Why is {name}&apos;s personal data erased (e.g. the resident&apos;s written request of today)?</source>
        <translation>为什么删除 {name} 的个人信息（例如：本人今日书面申请）？</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="158"/>
        <source>Erase {name}&apos;s personal data?</source>
        <translation>删除 {name} 的个人信息？</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="159"/>
        <source>Name, gender, birth date, phone, ID number and address link are blanked for good. Their requests stay, anonymised. This cannot be undone.</source>
        <translation>姓名、性别、出生日期、电话、身份证号和住址关联将被永久清除，其诉求匿名保留。此操作不能撤销。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="167"/>
        <source>{name}&apos;s personal data was erased; {n} request(s) are kept anonymised.</source>
        <translation>{name} 的个人信息已删除；{n} 件诉求匿名保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="170"/>
        <source>The case history of {cases} still mentions them and cannot be changed.</source>
        <translation>{cases} 的办理记录中仍提到此人，这些记录不可更改。</translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="180"/>
        <source>{name} was added.</source>
        <translation>已新增居民 {name}。</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="240"/>
        <source>Time-bank rules</source>
        <translation>时间银行规则</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="255"/>
        <location filename="../../app/views/timebank_dialogs.py" line="257"/>
        <location filename="../../app/views/timebank_dialogs.py" line="258"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="256"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="259"/>
        <source> yrs</source>
        <translation> 岁</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="260"/>
        <source>Round service time to</source>
        <translation>服务时长取整单位</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="261"/>
        <source>Most hours one person may hold</source>
        <translation>个人存储上限</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="262"/>
        <source>Most service credited per day</source>
        <translation>每日最多计入</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="264"/>
        <source>Records longer than this need a second person to verify</source>
        <translation>超过此时长的记录须由他人核实</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="265"/>
        <source>Pool grants from the age of</source>
        <translation>互助池发放对象年龄不低于</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="266"/>
        <source>Version {v}, since {at}</source>
        <translation>第 {v} 版，自 {at} 起执行</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="268"/>
        <source>Default rules (never changed)</source>
        <translation>默认规则（从未修改）</translation>
    </message>
</context>
<context>
    <name>TimeBankPage</name>
    <message>
        <location filename="../../app/views/timebank_page.py" line="62"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="74"/>
        <source>Volunteers &amp;&amp; passbooks</source>
        <translation>志愿者与存折</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="75"/>
        <location filename="../../app/views/timebank_page.py" line="334"/>
        <source>Service records</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="76"/>
        <source>Redeem &amp;&amp; transfer</source>
        <translation>兑换与转赠</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="77"/>
        <location filename="../../app/views/timebank_page.py" line="605"/>
        <source>Family links</source>
        <translation>家庭关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="78"/>
        <source>Rules…</source>
        <translation>规则设置…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="79"/>
        <source>Time-bank rules</source>
        <translation>时间银行规则</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="81"/>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="82"/>
        <source>Export accounts and movements</source>
        <translation>导出账户和流水</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="117"/>
        <source>Community pool: {h} h</source>
        <translation>社区互助池：{h} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="122"/>
        <source>— choose a volunteer —</source>
        <translation>— 请选择志愿者 —</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="147"/>
        <source>Find volunteer</source>
        <translation>查找志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="148"/>
        <source>Name, pinyin, phone or last 4 digits, ID, or address</source>
        <translation>姓名、拼音、电话或尾号4位、身份证号、住址</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="150"/>
        <source>Register volunteer…</source>
        <translation>登记志愿者…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="151"/>
        <source>Register a volunteer</source>
        <translation>登记志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="152"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="153"/>
        <source>Edit the volunteer</source>
        <translation>修改志愿者信息</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="154"/>
        <source>Print passbook…</source>
        <translation>打印存折…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="155"/>
        <source>Print the passbook</source>
        <translation>打印存折</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="157"/>
        <source>No.</source>
        <translation>存折号</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="158"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="159"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="160"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="161"/>
        <source>Can help with</source>
        <translation>服务技能</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="162"/>
        <location filename="../../app/views/timebank_page.py" line="329"/>
        <location filename="../../app/views/timebank_page.py" line="601"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="163"/>
        <location filename="../../app/views/timebank_page.py" line="174"/>
        <source>Balance (h)</source>
        <translation>结余（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="165"/>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="170"/>
        <location filename="../../app/views/timebank_page.py" line="297"/>
        <location filename="../../app/views/timebank_page.py" line="300"/>
        <location filename="../../app/views/timebank_page.py" line="322"/>
        <location filename="../../app/views/timebank_page.py" line="467"/>
        <location filename="../../app/views/timebank_page.py" line="469"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="171"/>
        <source>Description</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="172"/>
        <source>In (h)</source>
        <translation>存入</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="173"/>
        <source>Out (h)</source>
        <translation>取出</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="175"/>
        <location filename="../../app/views/timebank_page.py" line="332"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="175"/>
        <source>reversed</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="177"/>
        <source>Passbook lines</source>
        <translation>存折明细</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="178"/>
        <source>Reverse this entry…</source>
        <translation>冲正此笔…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="179"/>
        <source>Reverse the selected entry</source>
        <translation>冲正所选流水</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="222"/>
        <source>Choose a volunteer to see the passbook</source>
        <translation>选择志愿者查看存折</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="230"/>
        <source>{name}  {no}  balance {h} h</source>
        <translation>{name}  {no}  结余 {h} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="239"/>
        <source>{name} is registered as volunteer {no}.</source>
        <translation>{name} 已登记为志愿者，存折号 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="246"/>
        <location filename="../../app/views/timebank_page.py" line="254"/>
        <source>Select a volunteer first.</source>
        <translation>请先选择志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="263"/>
        <source>Passbook of {name}</source>
        <translation>{name} 的存折</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="269"/>
        <source>Select the passbook line to reverse first.</source>
        <translation>请先选择要冲正的存折明细。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="272"/>
        <source>Reverse an entry</source>
        <translation>冲正</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="272"/>
        <source>Why is “{memo}” reversed?</source>
        <translation>为什么冲正“{memo}”？</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="281"/>
        <source>Reversed: {memo}</source>
        <translation>已冲正：{memo}</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="289"/>
        <location filename="../../app/views/timebank_page.py" line="290"/>
        <location filename="../../app/views/timebank_page.py" line="324"/>
        <location filename="../../app/views/timebank_page.py" line="579"/>
        <location filename="../../app/views/timebank_page.py" line="580"/>
        <location filename="../../app/views/timebank_page.py" line="597"/>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="292"/>
        <source>Served resident (optional)</source>
        <translation>服务对象（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="293"/>
        <location filename="../../app/views/timebank_page.py" line="294"/>
        <source>Kind of service</source>
        <translation>服务类别</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="301"/>
        <location filename="../../app/views/timebank_page.py" line="303"/>
        <source>From</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="302"/>
        <location filename="../../app/views/timebank_page.py" line="304"/>
        <source>To</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="305"/>
        <location filename="../../app/views/timebank_page.py" line="306"/>
        <location filename="../../app/views/timebank_page.py" line="474"/>
        <location filename="../../app/views/timebank_page.py" line="475"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="307"/>
        <source>Save record</source>
        <translation>保存服务记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="308"/>
        <source>Save the service record</source>
        <translation>保存服务记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="309"/>
        <source>Group activity…</source>
        <translation>集体活动…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="310"/>
        <source>Record a group activity</source>
        <translation>登记集体活动</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="311"/>
        <source>Record a service</source>
        <translation>登记一次服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="316"/>
        <location filename="../../app/views/timebank_page.py" line="345"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="317"/>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="323"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="325"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="327"/>
        <source>Served</source>
        <translation>服务对象</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="328"/>
        <source>Credit (h)</source>
        <translation>计入（小时）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="330"/>
        <location filename="../../app/views/timebank_page.py" line="602"/>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="331"/>
        <source>Verified by</source>
        <translation>核实人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="336"/>
        <source>Verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="337"/>
        <source>Verify the selected records</source>
        <translation>核实所选记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="338"/>
        <source>Credit</source>
        <translation>入账</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="339"/>
        <source>Credit the selected records</source>
        <translation>所选记录入账</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="340"/>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="341"/>
        <source>Reject the selected records</source>
        <translation>驳回所选记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="378"/>
        <source>Recorded {h} h of {kind} for {name}; it is credited once verified.</source>
        <translation>已为 {name} 登记{kind} {h} 小时，核实后入账。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="389"/>
        <source>Recorded the activity for {n} volunteer(s); verify to credit them.</source>
        <translation>已为 {n} 名志愿者登记活动，核实后入账。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="403"/>
        <source>{n} record(s) verified.</source>
        <translation>已核实 {n} 条记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="412"/>
        <source>{message}

Donate what does not fit ({h} h) to the community pool?</source>
        <translation>{message}

是否将超出部分（{h} 小时）捐入社区互助池？</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="414"/>
        <source>Storage cap reached</source>
        <translation>已达存储上限</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="426"/>
        <source>{n} record(s) credited, {h} h in all.</source>
        <translation>已入账 {n} 条记录，共 {h} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="432"/>
        <source>Select the records first.</source>
        <translation>请先选择记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="434"/>
        <source>Reject records</source>
        <translation>驳回记录</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="434"/>
        <source>Why are these {n} record(s) rejected?</source>
        <translation>为什么驳回这 {n} 条记录？</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="443"/>
        <source>{n} record(s) rejected.</source>
        <translation>已驳回 {n} 条记录。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="451"/>
        <location filename="../../app/views/timebank_page.py" line="452"/>
        <source>Whose hours</source>
        <translation>使用谁的时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="455"/>
        <source>Balance</source>
        <translation>结余</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="456"/>
        <location filename="../../app/views/timebank_page.py" line="460"/>
        <source>What</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="457"/>
        <source>Redeem for a service</source>
        <translation>兑换服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="458"/>
        <source>Transfer to a family member</source>
        <translation>转赠家人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="459"/>
        <source>Donate to the community pool</source>
        <translation>捐入社区互助池</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="461"/>
        <location filename="../../app/views/timebank_page.py" line="462"/>
        <source>For whom</source>
        <translation>受益人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="463"/>
        <location filename="../../app/views/timebank_page.py" line="464"/>
        <source>Service received</source>
        <translation>接受的服务</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="470"/>
        <location filename="../../app/views/timebank_page.py" line="471"/>
        <location filename="../../app/views/timebank_page.py" line="490"/>
        <location filename="../../app/views/timebank_page.py" line="491"/>
        <source>Hours</source>
        <translation>小时数</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="472"/>
        <location filename="../../app/views/timebank_page.py" line="473"/>
        <source>Served by</source>
        <translation>服务提供人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="476"/>
        <location filename="../../app/views/timebank_page.py" line="477"/>
        <source>Confirm</source>
        <translation>确认办理</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="478"/>
        <source>Use hours</source>
        <translation>使用时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="489"/>
        <source>Elderly resident</source>
        <translation>老年居民</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="492"/>
        <location filename="../../app/views/timebank_page.py" line="493"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="494"/>
        <location filename="../../app/views/timebank_page.py" line="495"/>
        <source>Grant from the pool</source>
        <translation>从互助池发放</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="496"/>
        <source>Grant from the community pool</source>
        <translation>社区互助池发放</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="525"/>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="550"/>
        <source>Done: {h} h taken from {name}.</source>
        <translation>已办理：从 {name} 的账户取出 {h} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="567"/>
        <source>Granted {h} h to {name} from the pool.</source>
        <translation>已从互助池向 {name} 发放 {h} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="582"/>
        <location filename="../../app/views/timebank_page.py" line="598"/>
        <source>Family member</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="583"/>
        <location filename="../../app/views/timebank_page.py" line="586"/>
        <location filename="../../app/views/timebank_page.py" line="599"/>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="587"/>
        <location filename="../../app/views/timebank_page.py" line="589"/>
        <location filename="../../app/views/timebank_page.py" line="600"/>
        <source>Proof</source>
        <translation>证明材料</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="588"/>
        <source>e.g. household register, marriage certificate No. …</source>
        <translation>例如：户口簿、结婚证编号…</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="590"/>
        <source>Record the link</source>
        <translation>登记关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="591"/>
        <source>Record the family link</source>
        <translation>登记家庭关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="592"/>
        <source>Link a family member (approved by a second person)</source>
        <translation>关联家庭成员（须由另一人审批）</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="603"/>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="606"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="607"/>
        <source>Approve the selected link</source>
        <translation>批准所选关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="608"/>
        <source>Do not approve</source>
        <translation>不批准</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="609"/>
        <source>Do not approve the selected link</source>
        <translation>不批准所选关联</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="638"/>
        <source>Link {a} – {b} recorded; a second person approves it.</source>
        <translation>已登记 {a} 与 {b} 的关联，待另一人审批。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="647"/>
        <source>Select a link first.</source>
        <translation>请先选择一条关联。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="655"/>
        <source>Link {a} – {b}: {status}.</source>
        <translation>{a} 与 {b} 的关联：{status}。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="669"/>
        <source>The new rules apply from now on.</source>
        <translation>新规则从现在起执行。</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="672"/>
        <source>Export the time bank</source>
        <translation>导出时间银行</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="673"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_page.py" line="683"/>
        <source>Exported {a} accounts and {m} movements to {path}. It contains residents&apos; names: keep it within the community office.</source>
        <translation>已导出 {a} 个账户、{m} 条流水到 {path}。文件含居民姓名，仅限社区内部使用。</translation>
    </message>
</context>
<context>
    <name>VolunteerDialog</name>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="86"/>
        <source>Register a volunteer</source>
        <translation>登记志愿者</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="87"/>
        <source>Volunteer {name}</source>
        <translation>志愿者 {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="96"/>
        <location filename="../../app/views/timebank_dialogs.py" line="98"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="100"/>
        <source>Can help with</source>
        <translation>服务技能</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="101"/>
        <location filename="../../app/views/timebank_dialogs.py" line="103"/>
        <source>Availability</source>
        <translation>可服务时间</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="102"/>
        <source>e.g. weekday mornings, weekends</source>
        <translation>例如：工作日上午、周末</translation>
    </message>
    <message>
        <location filename="../../app/views/timebank_dialogs.py" line="104"/>
        <location filename="../../app/views/timebank_dialogs.py" line="111"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../app/views/application.py" line="25"/>
        <source>Community Desk</source>
        <translation>社区服务台</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="44"/>
        <location filename="../../app/views/application.py" line="50"/>
        <source>Community Desk cannot start</source>
        <translation>社区服务台无法启动</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="51"/>
        <source>The database could not be opened or upgraded:
{error}

The data folder is {path}. Ask IT staff to run &apos;main.py verify&apos; or restore the latest backup.</source>
        <translation>无法打开或升级数据库：
{error}

数据文件夹：{path}。请联系信息技术人员运行“main.py verify”，或恢复最近的备份。</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="86"/>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="86"/>
        <source>The automatic backup to {folder} failed: {error}
Check the backup folder (is the USB stick plugged in?).</source>
        <translation>自动备份到 {folder} 失败：{error}
请检查备份文件夹（U盘是否已插好？）。</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="93"/>
        <source>Generating the demo community… (about 10 s)</source>
        <translation>正在生成演示社区……（约10秒）</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="97"/>
        <location filename="../../app/views/application.py" line="112"/>
        <location filename="../../app/views/application.py" line="128"/>
        <source>Demo community</source>
        <translation>演示社区</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="112"/>
        <source>The demo community could not be built: {error}</source>
        <translation>演示社区生成失败：{error}</translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="129"/>
        <source>The demo community is ready. Log in as clerk1 (reception clerk) or admin, password {password}.</source>
        <translation>演示社区已准备好。请用 clerk1（前台接待员）或 admin 登录，密码为 {password}。</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../../app/cli.py" line="52"/>
        <source>folder for the database, drafts, backups and printouts</source>
        <translation>存放数据库、草稿、备份和打印文件的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="57"/>
        <source>SQLAlchemy database URL, e.g. postgresql+psycopg://user@server/desk</source>
        <translation>SQLAlchemy 数据库 URL，例如 postgresql+psycopg://user@server/desk</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="63"/>
        <source>interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="69"/>
        <source>Community Desk: front-desk software for community service centres. Without a command it starts the desk app.</source>
        <translation>社区服务台：社区服务中心前台软件。不带命令时启动服务台程序。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="78"/>
        <source>build a demo community to look around in</source>
        <translation>创建演示社区，供试用</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="81"/>
        <source>random seed of the demo data</source>
        <translation>演示数据的随机种子</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="86"/>
        <source>check the database and the app&apos;s invariants; exit code 0 when healthy</source>
        <translation>检查数据库和程序的不变量；正常时退出码为 0</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="91"/>
        <source>export all requests with their full history</source>
        <translation>导出全部诉求及其完整处理记录</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="95"/>
        <source>the account acting (its permissions apply and the audit trail names it); no password is asked</source>
        <translation>执行操作的账号（按其权限执行，操作记录记其名）；不询问密码</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="97"/>
        <source>the resident&apos;s id, or a search (name, phone, ID number, address) that finds exactly one</source>
        <translation>居民编号，或能唯一找到一人的查询（姓名、电话、身份证号、住址）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="102"/>
        <source>write everything stored about one resident to a JSON file</source>
        <translation>把一位居民的全部存储数据写入 JSON 文件</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="110"/>
        <source>erase one resident&apos;s personal data, keeping their requests anonymised</source>
        <translation>删除一位居民的个人信息，其诉求匿名保留</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="116"/>
        <source>really erase (without it, only say who it is)</source>
        <translation>确认删除（不加此项只显示是谁）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="120"/>
        <source>print a case&apos;s receipt again to a PDF file</source>
        <translation>将某件诉求的回执重新输出为PDF文件</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="122"/>
        <source>case number, e.g. A01-20261122-0007</source>
        <translation>受理编号，例如 A01-20261122-0007</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="125"/>
        <source>back up the database now (online backup)</source>
        <translation>立即备份数据库（在线备份）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="127"/>
        <source>folder, e.g. a USB stick</source>
        <translation>备份文件夹，例如U盘</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="131"/>
        <source>replace the database with a checked backup (the current one is kept)</source>
        <translation>用经过检查的备份替换数据库（当前数据库另行保留）</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="135"/>
        <source>render each main screen to PNG files</source>
        <translation>将各主要界面渲染为 PNG 文件</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="192"/>
        <source>Backed up to {path} ({size} KB).</source>
        <translation>已备份到 {path}（{size} KB）。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="200"/>
        <source>Restored {file}. The database as it was is kept in {path}.</source>
        <translation>已从 {file} 恢复。恢复前的数据库保存在 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="208"/>
        <source>Exported {cases} requests with {events} history entries to {path}.</source>
        <translation>已将 {cases} 件诉求及 {events} 条处理记录导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="225"/>
        <source>This data folder already holds a community ({name}); the demo needs an empty one. Use --data-dir with a new folder.</source>
        <translation>该数据文件夹中已有社区（{name}），演示需要空文件夹。请用 --data-dir 指定一个新文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="235"/>
        <source>Demo community {name} is ready in {path}:</source>
        <translation>演示社区 {name} 已在 {path} 创建完成：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="240"/>
        <source>  {residents} residents in {households} households, {grids} grids, {cases} requests.</source>
        <translation>  {residents} 位居民，{households} 户，{grids} 个网格，{cases} 件诉求。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="245"/>
        <source>Demo accounts (password for all: {password}):</source>
        <translation>演示账号（密码均为 {password}）：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="263"/>
        <source>Exported {name}&apos;s data ({cases} requests) to {path}. It contains: {kinds}.</source>
        <translation>已导出 {name} 的数据（{cases} 件诉求）到 {path}。内容包括：{kinds}。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="268"/>
        <source>This would erase the personal data of {name} ({address}, id {id}). Add --yes to do it.</source>
        <translation>将删除 {name}（{address}，编号 {id}）的个人信息。加 --yes 执行。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="273"/>
        <source>Erased the personal data of {name}; {n} requests are kept anonymised.</source>
        <translation>已删除 {name} 的个人信息；{n} 件诉求匿名保留。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="277"/>
        <source>The append-only history of these cases still mentions them: {cases}</source>
        <translation>以下诉求的办理记录不可更改，其中仍提到此人：{cases}</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="292"/>
        <source>No resident matches {query}.</source>
        <translation>没有与 {query} 匹配的居民。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="294"/>
        <source>{query} matches several residents; give the id of one:</source>
        <translation>{query} 匹配到多位居民，请给出其中一位的编号：</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="320"/>
        <source>Healthy: the database and the app&apos;s invariants check out.</source>
        <translation>正常：数据库和程序不变量检查通过。</translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="324"/>
        <source>{n} problem(s) found.</source>
        <translation>发现 {n} 个问题。</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../app/services/auth.py" line="109"/>
        <location filename="../../app/services/auth.py" line="270"/>
        <source>This account is disabled. Please log in again.</source>
        <translation>该账号已停用，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="112"/>
        <source>Your role may not do this ({permission}).</source>
        <translation>您的角色无权进行此操作（{permission}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="124"/>
        <source>The password needs at least {n} characters.</source>
        <translation>密码至少需要{n}位。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="127"/>
        <source>The password needs both letters and digits.</source>
        <translation>密码须同时包含字母和数字。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="67"/>
        <source>Wrong user name or password. After {n} wrong passwords in a row the account locks for {minutes} minutes.</source>
        <translation>用户名或密码错误。连续输错{n}次密码，账号将锁定{minutes}分钟。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="167"/>
        <source>Too many wrong passwords: this account is locked until {time}. Ask the administrator to reset the password, or wait.</source>
        <translation>密码输错次数过多，账号已锁定至 {time}。请等待，或请管理员重置密码。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="175"/>
        <source>Wrong password {n} times in a row: this account is locked for {minutes} minutes.</source>
        <translation>已连续输错{n}次密码，账号锁定{minutes}分钟。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="180"/>
        <source>This account is disabled. Ask the administrator.</source>
        <translation>该账号已停用，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="196"/>
        <location filename="../../app/services/auth.py" line="281"/>
        <source>No such account.</source>
        <translation>该账号不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="216"/>
        <source>User names are 2-32 lower-case letters, digits, &apos;.&apos; or &apos;_&apos;, starting with a letter.</source>
        <translation>用户名为2-32位小写字母、数字、“.”或“_”，须以字母开头。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="228"/>
        <source>The user name {name} is taken.</source>
        <translation>用户名 {name} 已被使用。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="246"/>
        <source>You cannot disable your own account.</source>
        <translation>不能停用自己的账号。</translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="273"/>
        <source>The current password is not right.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <location filename="../../app/services/export.py" line="83"/>
        <source>Unknown format {fmt}; use json, csv or xlsx.</source>
        <translation>未知格式 {fmt}，请使用 json、csv 或 xlsx。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="261"/>
        <source>No such case.</source>
        <translation>该诉求不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="263"/>
        <source>Case {no} is no longer open; please log a new request.</source>
        <translation>诉求 {no} 已不在办理中，请重新登记。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="268"/>
        <source>{name} has already reported case {no}.</source>
        <translation>{name}已反映过诉求 {no}。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="288"/>
        <source>Please choose a category.</source>
        <translation>请选择诉求类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="292"/>
        <source>Please choose a sub-category.</source>
        <translation>请选择子类。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="294"/>
        <source>This sub-category belongs to another category.</source>
        <translation>该子类属于其他类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="297"/>
        <source>Urgency is 1 to 5.</source>
        <translation>紧急程度应为1至5。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="299"/>
        <source>Please choose who is affected.</source>
        <translation>请选择影响范围。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="304"/>
        <source>A chosen department no longer exists.</source>
        <translation>所选的某个部门已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="312"/>
        <source>The deadline must be in the future.</source>
        <translation>期望解决时限须晚于当前时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="314"/>
        <source>The deadline is more than a year away.</source>
        <translation>期望解决时限不能超过一年。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="327"/>
        <source>Please choose the resident (search by name, pinyin, phone or address).</source>
        <translation>请选择居民（可按姓名、拼音、电话或地址查找）。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="330"/>
        <source>This resident&apos;s personal data was erased; register the person again as a new resident.</source>
        <translation>此居民的个人信息已删除；如需办理，请重新登记为新居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="337"/>
        <source>Please choose how the request came in.</source>
        <translation>请选择受理方式。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="340"/>
        <source>The call time cannot be negative.</source>
        <translation>通话时长不能为负数。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="348"/>
        <source>This desk has no desk code; finish the first-start set-up.</source>
        <translation>本服务台还没有服务台代码，请先完成首次启动设置。</translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="390"/>
        <source>No case with the number {no}.</source>
        <translation>没有受理编号为 {no} 的诉求。</translation>
    </message>
    <message>
        <location filename="../../app/services/personal_data.py" line="98"/>
        <location filename="../../app/services/personal_data.py" line="194"/>
        <location filename="../../app/services/residents.py" line="188"/>
        <location filename="../../app/services/timebank.py" line="403"/>
        <location filename="../../app/services/timebank.py" line="746"/>
        <location filename="../../app/services/timebank.py" line="802"/>
        <location filename="../../app/services/timebank.py" line="980"/>
        <source>No such resident.</source>
        <translation>该居民不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/personal_data.py" line="196"/>
        <source>This resident&apos;s personal data has already been erased.</source>
        <translation>此居民的个人信息已经删除。</translation>
    </message>
    <message>
        <location filename="../../app/services/personal_data.py" line="200"/>
        <source>{name} still has {n} open request(s) ({cases}). Personal data can be erased only after every request they reported is resolved.</source>
        <translation>{name} 还有 {n} 件未办结的诉求（{cases}）。其反映的诉求全部办结后，才能删除个人信息。</translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="217"/>
        <source>Digits only, please (e.g. 3, 2, 301).</source>
        <translation>请只填数字（例如 3、2、301）。</translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="219"/>
        <source>A name cannot contain digits.</source>
        <translation>姓名不能包含数字。</translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="221"/>
        <source>This name marks residents whose data was erased.</source>
        <translation>此名称专用于标记已删除信息的居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="223"/>
        <source>Please choose male or female.</source>
        <translation>请选择男或女。</translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="226"/>
        <source>The gender does not match the ID number.</source>
        <translation>性别与身份证号不符。</translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="232"/>
        <source>Unknown household tag {tag}.</source>
        <translation>未知的住户情况标记 {tag}。</translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="239"/>
        <source>This ID number is already registered for {name}.</source>
        <translation>该身份证号已登记在{name}名下。</translation>
    </message>
    <message>
        <location filename="../../app/services/setup.py" line="99"/>
        <source>This database already belongs to a community.</source>
        <translation>该数据库已属于某个社区。</translation>
    </message>
    <message>
        <location filename="../../app/services/setup.py" line="112"/>
        <source>A desk code is 2-8 letters or digits starting with a letter, e.g. A01.</source>
        <translation>服务台代码为2-8位字母或数字，须以字母开头，例如 A01。</translation>
    </message>
    <message>
        <location filename="../../app/services/setup.py" line="127"/>
        <source>Another desk already uses the code {code}.</source>
        <translation>代码 {code} 已被其他服务台使用。</translation>
    </message>
    <message>
        <location filename="../../app/services/setup.py" line="143"/>
        <source>The community has not been set up yet.</source>
        <translation>社区尚未设置。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="71"/>
        <source>A phone number may contain only digits, spaces and &apos;-&apos;.</source>
        <translation>电话号码只能包含数字、空格和“-”。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="85"/>
        <source>A mobile number has 11 digits; this one has {n}.</source>
        <translation>手机号应为11位，当前为{n}位。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="87"/>
        <source>This is not a valid mobile number (the second digit is 3-9).</source>
        <translation>手机号无效（第二位应为3-9）。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="89"/>
        <source>A landline is the area code and 7-8 digits, e.g. 0412-5581234.</source>
        <translation>固定电话应为区号加7-8位号码，例如 0412-5581234。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="91"/>
        <source>This is not a valid phone number.</source>
        <translation>电话号码无效。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="110"/>
        <source>An ID number has 18 characters; this one has {n}.</source>
        <translation>身份证号应为18位，当前为{n}位。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="112"/>
        <source>An ID number is 17 digits and a last digit or X.</source>
        <translation>身份证号前17位为数字，最后一位为数字或X。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="114"/>
        <source>The ID number&apos;s region code (first digits) is not valid.</source>
        <translation>身份证号开头的地区码无效。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="119"/>
        <source>The birth date inside the ID number is not a real date.</source>
        <translation>身份证号中的出生日期不是有效日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="121"/>
        <source>The birth date inside the ID number is not possible.</source>
        <translation>身份证号中的出生日期不合理。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="123"/>
        <source>The ID number&apos;s check digit is wrong: please check each digit again.</source>
        <translation>身份证号校验位不正确，请逐位核对。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="134"/>
        <location filename="../../app/services/validation.py" line="147"/>
        <source>This field is required.</source>
        <translation>此项必填。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="137"/>
        <source>At least {n} characters, please.</source>
        <translation>请至少输入{n}个字。</translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="139"/>
        <source>At most {n} characters; now {len}.</source>
        <translation>最多{n}个字，当前{len}个。</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="28"/>
        <source>The database schema is at revision {have}, the app expects {want}.</source>
        <translation>数据库结构版本为 {have}，程序需要 {want}。</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="44"/>
        <source>SQLite integrity check failed: {detail}</source>
        <translation>SQLite 完整性检查未通过：{detail}</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="47"/>
        <source>Row {rowid} of {table} points to a missing row of {parent}.</source>
        <translation>{table} 表第 {rowid} 行引用了 {parent} 表中不存在的行。</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="54"/>
        <location filename="../../app/services/verify.py" line="64"/>
        <source>The append-only guard {trigger} is missing.</source>
        <translation>缺少只追加保护触发器 {trigger}。</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="79"/>
        <source>Case {no} has a malformed number.</source>
        <translation>诉求 {no} 的受理编号格式不正确。</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="82"/>
        <source>Case {no} is beyond its desk&apos;s counter; the next number could repeat it.</source>
        <translation>诉求 {no} 超出了所属服务台的编号计数，后续编号可能与其重复。</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="85"/>
        <source>Case {no} has {n} intake events instead of one.</source>
        <translation>诉求 {no} 有 {n} 条受理记录，应只有 1 条。</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="89"/>
        <source>Case {no}: priority {p} is not urgency times scope.</source>
        <translation>诉求 {no}：优先级 {p} 不等于紧急程度乘以影响范围。</translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="93"/>
        <source>Case {no} says {n} households but its reporters come from {m}.</source>
        <translation>诉求 {no} 记为 {n} 户，但反映人来自 {m} 户。</translation>
    </message>
    <message>
        <location filename="../../app/views/account_dialogs.py" line="54"/>
        <location filename="../../app/views/login.py" line="177"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../app/services/backup.py" line="41"/>
        <source>This desk uses a shared database server; back it up on the server (pg_dump).</source>
        <translation>本服务台使用共享的数据库服务器，请在服务器上备份（pg_dump）。</translation>
    </message>
    <message>
        <location filename="../../app/services/backup.py" line="86"/>
        <source>No backup file at {path}.</source>
        <translation>找不到备份文件 {path}。</translation>
    </message>
    <message>
        <location filename="../../app/services/backup.py" line="92"/>
        <source>{path} is not a readable desk database: {error}</source>
        <translation>{path} 不是可读取的服务台数据库：{error}</translation>
    </message>
    <message>
        <location filename="../../app/services/backup.py" line="95"/>
        <source>The backup {path} is damaged: {detail}</source>
        <translation>备份 {path} 已损坏：{detail}</translation>
    </message>
    <message>
        <location filename="../../app/services/backup.py" line="98"/>
        <source>{path} is not a desk database.</source>
        <translation>{path} 不是服务台数据库。</translation>
    </message>
    <message>
        <location filename="../../app/services/container.py" line="73"/>
        <source>The database {path} is damaged ({detail}). Nothing was changed. Restore the newest backup with: main.py restore {backup}</source>
        <translation>数据库 {path} 已损坏（{detail}），未做任何更改。请用最新的备份恢复：main.py restore {backup}</translation>
    </message>
    <message>
        <location filename="../../app/services/audit.py" line="143"/>
        <source>Audit trail of desk {desk}: entries {first} to {last} are missing (deleted).</source>
        <translation>服务台 {desk} 的操作记录：第 {first} 至 {last} 条缺失（已被删除）。</translation>
    </message>
    <message>
        <location filename="../../app/services/audit.py" line="149"/>
        <source>Audit trail of desk {desk}: entry {seq} ({action} {entity} {id}) was altered.</source>
        <translation>服务台 {desk} 的操作记录：第 {seq} 条（{action} {entity} {id}）已被篡改。</translation>
    </message>
    <message>
        <location filename="../../app/services/audit.py" line="157"/>
        <source>Audit trail of desk {desk}: its newest entries are missing or the chain end was moved.</source>
        <translation>服务台 {desk} 的操作记录：最新的记录缺失，或链尾被改动。</translation>
    </message>
    <message>
        <location filename="../../app/services/audit.py" line="188"/>
        <source>{table} row {id} was deleted: the audit trail recorded it.</source>
        <translation>{table} 表的记录 {id} 被删除：操作记录中有它。</translation>
    </message>
    <message>
        <location filename="../../app/services/audit.py" line="192"/>
        <source>{table} row {id} is not in the audit trail: it was written outside the app.</source>
        <translation>{table} 表的记录 {id} 不在操作记录中：它是在本程序之外写入的。</translation>
    </message>
    <message>
        <location filename="../../app/services/audit.py" line="200"/>
        <source>{table} row {id} was altered ({fields}): it no longer reads as the audit trail recorded it.</source>
        <translation>{table} 表的记录 {id} 被改动（{fields}）：与操作记录中记载的不一致。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="101"/>
        <location filename="../../app/services/ledger.py" line="130"/>
        <source>This account does not exist.</source>
        <translation>此账户不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="119"/>
        <source>Amounts must be whole multiples of {step}.</source>
        <translation>数额必须是 {step} 的整数倍。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="138"/>
        <source>{name} has {have} but {need} would be taken out: a balance never goes below zero.</source>
        <translation>{name} 结余 {have}，要取出 {need}：结余不能低于零。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="142"/>
        <source>{name} would hold {total}, above the cap of {cap}; {overflow} would not fit.</source>
        <translation>{name} 将结余 {total}，超过上限 {cap}；超出 {overflow}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="155"/>
        <location filename="../../app/services/timebank.py" line="709"/>
        <source>This ledger entry does not exist.</source>
        <translation>此笔流水不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="157"/>
        <source>A reversal cannot itself be reversed; record the correct entry instead.</source>
        <translation>冲正记录不能再冲正；请重新登记正确的记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="160"/>
        <source>Please give the reason for the reversal.</source>
        <translation>请填写冲正原因。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="163"/>
        <location filename="../../app/services/ledger.py" line="172"/>
        <source>This entry was already reversed; it can be reversed only once.</source>
        <translation>此笔已经冲正过，只能冲正一次。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="214"/>
        <source>Ledger entry {id}: its {n} postings sum to {total}, not zero.</source>
        <translation>流水 {id}：{n} 条分录合计 {total}，不为零。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="220"/>
        <source>Ledger entry {id} has no postings.</source>
        <translation>流水 {id} 没有分录。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="229"/>
        <source>Ledger account {name} ({code}): cached balance {cached} but its postings sum to {total}.</source>
        <translation>账户 {name}（{code}）：记录的结余为 {cached}，分录合计却是 {total}。</translation>
    </message>
    <message>
        <location filename="../../app/services/ledger.py" line="235"/>
        <source>Ledger account {name} ({code}) is below zero: {value}.</source>
        <translation>账户 {name}（{code}）结余低于零：{value}。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="248"/>
        <source>The step must be one of {steps} minutes.</source>
        <translation>取整单位必须是 {steps} 分钟之一。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="251"/>
        <source>The cap and the daily maximum must be whole steps.</source>
        <translation>存储上限和每日上限必须是取整单位的整数倍。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="254"/>
        <source>The cap must be between 1 and 100000 hours.</source>
        <translation>存储上限须在 1 到 100000 小时之间。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="256"/>
        <source>The daily maximum must be between half an hour and 24 hours.</source>
        <translation>每日上限须在半小时到 24 小时之间。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="259"/>
        <source>Between 0 and 24 hours, please.</source>
        <translation>请填写 0 到 24 小时之间的数值。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="261"/>
        <source>An age between 0 and 120, please.</source>
        <translation>请填写 0 到 120 之间的年龄。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="290"/>
        <location filename="../../app/services/timebank.py" line="318"/>
        <location filename="../../app/services/timebank.py" line="425"/>
        <location filename="../../app/services/timebank.py" line="427"/>
        <location filename="../../app/services/timebank.py" line="495"/>
        <location filename="../../app/services/timebank.py" line="632"/>
        <location filename="../../app/services/timebank.py" line="734"/>
        <location filename="../../app/services/timebank.py" line="834"/>
        <location filename="../../app/services/timebank.py" line="933"/>
        <source>At most {n} characters.</source>
        <translation>最多 {n} 个字。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="296"/>
        <location filename="../../app/services/timebank.py" line="940"/>
        <source>Please choose a resident.</source>
        <translation>请选择居民。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="298"/>
        <source>{name} is already a registered volunteer.</source>
        <translation>{name} 已经是登记在册的志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="316"/>
        <source>Unknown status {value}.</source>
        <translation>未知状态 {value}。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="334"/>
        <source>Unknown service type {value}.</source>
        <translation>未知服务类别 {value}。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="379"/>
        <location filename="../../app/services/timebank.py" line="396"/>
        <location filename="../../app/services/timebank.py" line="736"/>
        <source>Please choose a volunteer.</source>
        <translation>请选择志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="398"/>
        <source>{name} is not an active volunteer.</source>
        <translation>{name} 不是在册志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="405"/>
        <source>A volunteer cannot serve themselves.</source>
        <translation>志愿者不能为自己服务。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="423"/>
        <source>Please give the activity a name.</source>
        <translation>请填写活动名称。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="430"/>
        <source>Add the volunteers who took part.</source>
        <translation>请勾选参加的志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="432"/>
        <source>At most {n} volunteers in one activity.</source>
        <translation>一次活动最多 {n} 名志愿者。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="440"/>
        <source>A chosen volunteer no longer exists.</source>
        <translation>所选的一名志愿者已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="444"/>
        <source>Not active volunteers: {names}.</source>
        <translation>以下人员不是在册志愿者：{names}。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="458"/>
        <source>{names} cannot take part at this time: each already has a service then, or would pass the daily maximum.</source>
        <translation>{names} 不能登记这段时间：该时段已有服务记录，或将超过每日上限。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="488"/>
        <source>Please choose the kind of service.</source>
        <translation>请选择服务类别。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="502"/>
        <location filename="../../app/services/timebank.py" line="836"/>
        <source>Please give the date of the service.</source>
        <translation>请填写服务日期。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="505"/>
        <source>Please give the start time.</source>
        <translation>请填写开始时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="513"/>
        <source>Please give the end time or the duration.</source>
        <translation>请填写结束时间或服务时长。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="516"/>
        <source>The end must be after the start.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="519"/>
        <location filename="../../app/services/timebank.py" line="838"/>
        <source>A service in the future cannot be recorded yet.</source>
        <translation>尚未发生的服务不能登记。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="530"/>
        <source>{hours} hours is more than the daily maximum of {max} hours.</source>
        <translation>{hours} 小时超过了每日上限 {max} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="535"/>
        <source>Too short to credit: the bank counts in steps of {step} minutes.</source>
        <translation>时长太短，无法计入：时间银行以 {step} 分钟为单位计算。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="542"/>
        <source>{name} already has a service from {start} to {end} on {day} that overlaps this one.</source>
        <translation>{name} 在 {day} {start}-{end} 已有服务记录，与本次时间重叠。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="552"/>
        <source>{name} already has {done} hours on {day}; with this service it would pass the daily maximum of {max} hours.</source>
        <translation>{name} 在 {day} 已登记 {done} 小时，加上本次将超过每日上限 {max} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="564"/>
        <source>The record of {name} on {day} is {status}, not pending.</source>
        <translation>{name} {day} 的记录状态为“{status}”，不是待核实。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="568"/>
        <source>The record of {name} on {day} is over {hours} hours: someone other than the person who recorded it must verify it.</source>
        <translation>{name} {day} 的记录超过 {hours} 小时，须由登记人以外的人核实。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="590"/>
        <source>The record of {name} on {day} is {status}; only a verified record can be credited.</source>
        <translation>{name} {day} 的记录状态为“{status}”，只有已核实的记录才能入账。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="622"/>
        <source>{name} has {done} hours credited on {day}; this record would pass the daily maximum of {max} hours.</source>
        <translation>{name} 在 {day} 已入账 {done} 小时，本条记录将超过每日上限 {max} 小时。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="630"/>
        <location filename="../../app/services/timebank.py" line="703"/>
        <location filename="../../app/services/timebank.py" line="931"/>
        <source>Please give the reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="639"/>
        <source>The record of {name} on {day} is {status}; a credited record is corrected by reversing its entry.</source>
        <translation>{name} {day} 的记录状态为“{status}”；已入账的记录请通过冲正更正。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="652"/>
        <source>Please select the records first.</source>
        <translation>请先选择记录。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="656"/>
        <source>A selected record no longer exists.</source>
        <translation>所选的一条记录已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="728"/>
        <source>Please choose the relation.</source>
        <translation>请选择关系。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="731"/>
        <source>Please say what proves the relation (e.g. the household register).</source>
        <translation>请填写关系证明材料（例如户口簿）。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="738"/>
        <source>Please choose the relative.</source>
        <translation>请选择家庭成员。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="740"/>
        <source>A person cannot be linked to themselves.</source>
        <translation>不能与本人建立关联。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="751"/>
        <source>{a} and {b} are already linked ({status}).</source>
        <translation>{a} 与 {b} 已有关联（{status}）。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="770"/>
        <source>This family link does not exist.</source>
        <translation>此家庭关联不存在。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="772"/>
        <source>This family link was already decided.</source>
        <translation>此家庭关联已审批过。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="774"/>
        <source>Someone other than the person who recorded the link must approve it.</source>
        <translation>须由登记人以外的人审批此关联。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="822"/>
        <source>Please give the number of hours.</source>
        <translation>请填写小时数。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="824"/>
        <source>Hours are counted in steps of {step} minutes.</source>
        <translation>时间以 {step} 分钟为单位计算。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="845"/>
        <location filename="../../app/services/timebank.py" line="884"/>
        <location filename="../../app/services/timebank.py" line="915"/>
        <source>Please choose whose hours are used.</source>
        <translation>请选择使用谁的时间。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="849"/>
        <source>Please choose who receives the service.</source>
        <translation>请选择受益人。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="853"/>
        <location filename="../../app/services/timebank.py" line="891"/>
        <source>{name} is not an approved family member of {holder}.</source>
        <translation>{name} 不是 {holder} 经审批的家庭成员。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="887"/>
        <source>Please choose the family member.</source>
        <translation>请选择家庭成员。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="944"/>
        <source>{name}&apos;s date of birth is not recorded; the pool grants by age.</source>
        <translation>{name} 的出生日期未登记；互助池按年龄发放。</translation>
    </message>
    <message>
        <location filename="../../app/services/timebank.py" line="947"/>
        <source>{name} is {age}; the pool grants hours from the age of {min}.</source>
        <translation>{name} {age} 岁；互助池只向 {min} 岁及以上的老人发放。</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../app/services/labels.py" line="32"/>
        <source>Walk-in</source>
        <translation>来访</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="33"/>
        <source>Phone call</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="34"/>
        <source>Volunteer collector</source>
        <translation>民情专员</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="35"/>
        <source>Online</source>
        <translation>网上</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="36"/>
        <source>One household</source>
        <translation>一户</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="37"/>
        <source>A building</source>
        <translation>一栋楼</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="38"/>
        <source>Whole community</source>
        <translation>全社区</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="39"/>
        <source>Empty nest</source>
        <translation>空巢</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="40"/>
        <source>Living alone</source>
        <translation>独居</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="41"/>
        <source>Disabled</source>
        <translation>残疾</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="42"/>
        <source>Rented</source>
        <translation>出租</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="43"/>
        <source>Ordinary</source>
        <translation>常态</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="44"/>
        <source>Awaiting dispatch</source>
        <translation>待派单</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="45"/>
        <source>Dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="46"/>
        <source>Responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="47"/>
        <source>Suspended</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="48"/>
        <source>Resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="49"/>
        <source>Closed</source>
        <translation>已归档</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="50"/>
        <source>Merged</source>
        <translation>已并单</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="51"/>
        <source>Logged</source>
        <translation>登记受理</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="52"/>
        <source>Another household joined</source>
        <translation>并单</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="53"/>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="54"/>
        <source>Progress note</source>
        <translation>进展</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="55"/>
        <source>Reception clerk</source>
        <translation>前台接待员</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="56"/>
        <source>Time-bank officer</source>
        <translation>时间银行专员</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="57"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="58"/>
        <source>Community director</source>
        <translation>社区主任</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="59"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="60"/>
        <source>Meals</source>
        <translation>助餐</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="61"/>
        <source>Cleaning</source>
        <translation>助洁</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="62"/>
        <source>Bathing</source>
        <translation>助浴</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="63"/>
        <source>Escort to hospital</source>
        <translation>陪同就医</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="64"/>
        <source>Visits and company</source>
        <translation>探访陪伴</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="65"/>
        <source>Shopping and errands</source>
        <translation>代购代办</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="66"/>
        <source>Small repairs</source>
        <translation>小修小补</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="67"/>
        <source>Tutoring</source>
        <translation>学业辅导</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="68"/>
        <source>Community activity</source>
        <translation>社区公益活动</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="69"/>
        <source>Other service</source>
        <translation>其他服务</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="70"/>
        <source>To verify</source>
        <translation>待核实</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="71"/>
        <source>Verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="72"/>
        <source>Credited</source>
        <translation>已入账</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="73"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="74"/>
        <source>Reversed</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="75"/>
        <source>Active</source>
        <translation>在册</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="76"/>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="77"/>
        <source>Left</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="78"/>
        <source>Spouse</source>
        <translation>配偶</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="79"/>
        <source>Parent</source>
        <translation>父母</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="80"/>
        <source>Child</source>
        <translation>子女</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="81"/>
        <source>Grandparent</source>
        <translation>祖父母/外祖父母</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="82"/>
        <source>Grandchild</source>
        <translation>孙子女/外孙子女</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="83"/>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="84"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="85"/>
        <source>Not approved</source>
        <translation>未批准</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="86"/>
        <source>Personal account</source>
        <translation>个人账户</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="87"/>
        <source>Community pool</source>
        <translation>社区互助池</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="88"/>
        <source>Hours issued</source>
        <translation>发放总账</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="89"/>
        <source>Hours redeemed</source>
        <translation>兑换总账</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="90"/>
        <source>Service credited</source>
        <translation>服务存入</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="91"/>
        <source>Redeemed</source>
        <translation>兑换取出</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="92"/>
        <source>Transfer to family</source>
        <translation>转赠家人</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="93"/>
        <source>Donated to the pool</source>
        <translation>捐入互助池</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="94"/>
        <source>Granted from the pool</source>
        <translation>互助池发放</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="95"/>
        <source>Reversal</source>
        <translation>冲正</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="104"/>
        <source>1 - can wait</source>
        <translation>1 - 一般</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="105"/>
        <source>2 - soon</source>
        <translation>2 - 较急</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="106"/>
        <source>3 - urgent</source>
        <translation>3 - 紧急</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="107"/>
        <source>4 - very urgent</source>
        <translation>4 - 很紧急</translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="108"/>
        <source>5 - emergency</source>
        <translation>5 - 危急</translation>
    </message>
</context>
<context>
    <name>residents</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="38"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="39"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="41"/>
        <source>{age} yrs</source>
        <translation>{age}岁</translation>
    </message>
</context>
</TS>
