<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../app/views/accounts_page.py" line="37"/>
        <location filename="../../app/views/accounts_page.py" line="64"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="38"/>
        <location filename="../../app/views/accounts_page.py" line="65"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="39"/>
        <location filename="../../app/views/accounts_page.py" line="66"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="40"/>
        <location filename="../../app/views/accounts_page.py" line="71"/>
        <location filename="../../app/views/accounts_page.py" line="80"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="41"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="41"/>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="41"/>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="43"/>
        <source>Staff accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="50"/>
        <source>Disable / enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="51"/>
        <source>Disable or enable the chosen account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="52"/>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="54"/>
        <source>new password for the chosen account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="55"/>
        <source>Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="56"/>
        <source>Reset the chosen account&apos;s password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="69"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="72"/>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="73"/>
        <source>Create the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="74"/>
        <source>New account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="76"/>
        <source>User name *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="77"/>
        <source>Name *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="78"/>
        <source>Role *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="79"/>
        <source>Password *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="103"/>
        <source>Choose an account in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="116"/>
        <source>{name} can log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="117"/>
        <source>{name} is disabled and can do nothing until enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="131"/>
        <source>The password of {name} was reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="141"/>
        <source>Not created: please correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/accounts_page.py" line="149"/>
        <source>Account {username} created.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../app/views/login.py" line="90"/>
        <source>Community Desk — first start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="93"/>
        <source>Welcome. This PC has no community yet. Enter your community and this desk, and create the administrator account. To look around first, load the demo community.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="106"/>
        <source>Community name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="106"/>
        <source>e.g. 幸福里社区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="107"/>
        <location filename="../../app/views/login.py" line="120"/>
        <source>Street office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="107"/>
        <source>e.g. 站前街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="108"/>
        <source>Desk code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="108"/>
        <source>e.g. A01 (prefix of case numbers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="109"/>
        <source>Desk name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="109"/>
        <source>e.g. 一号窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="110"/>
        <source>Desk phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="110"/>
        <source>printed on every receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="111"/>
        <source>Administrator user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="112"/>
        <source>Administrator&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="113"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="113"/>
        <source>at least 8, letters and digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="115"/>
        <source>Repeat password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="117"/>
        <source>Community</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="119"/>
        <location filename="../../app/views/login.py" line="129"/>
        <source>Name *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="121"/>
        <source>This desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="123"/>
        <source>Desk code *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="124"/>
        <source>Desk name *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="125"/>
        <source>Desk phone *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="126"/>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="128"/>
        <source>User name *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="130"/>
        <source>Password *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="131"/>
        <source>Repeat *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="133"/>
        <location filename="../../app/views/login.py" line="134"/>
        <source>Finish set-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="137"/>
        <source>Load the demo community…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="138"/>
        <source>Load the demo community</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="171"/>
        <source>Please correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../app/views/home_page.py" line="44"/>
        <source>New request (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="45"/>
        <source>Log a new request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="47"/>
        <source>Receipt of the chosen request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="48"/>
        <source>Show the receipt of the chosen request again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="51"/>
        <source>Case no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="52"/>
        <source>Logged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="53"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="54"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="55"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="56"/>
        <source>Resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="57"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="58"/>
        <source>Households</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="59"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="60"/>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="62"/>
        <location filename="../../app/views/home_page.py" line="74"/>
        <source>Latest requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="97"/>
        <source>{community} · {desk}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="98"/>
        <source>Requests logged today: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="105"/>
        <source>Choose a request in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/home_page.py" line="115"/>
        <source>Receipt {no}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <location filename="../../app/views/intake_page.py" line="91"/>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="92"/>
        <source>Restore the unsaved request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="93"/>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="94"/>
        <source>Discard the unsaved request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="102"/>
        <source>How the request came in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="105"/>
        <location filename="../../app/views/intake_page.py" line="183"/>
        <source>Caller&apos;s number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="106"/>
        <source>e.g. 13812345678 or 0412-5581234</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="110"/>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="111"/>
        <source>Restart the call timer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="120"/>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="121"/>
        <source>Add a new resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="122"/>
        <source>Add a resident who is not on file yet (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="134"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="135"/>
        <source>Sub-category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="136"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="138"/>
        <source>What is the problem, where, since when, what the resident asks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="148"/>
        <location filename="../../app/views/intake_page.py" line="190"/>
        <source>Urgency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="151"/>
        <source>Who is affected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="154"/>
        <source>Departments involved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="162"/>
        <source>Expected deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="169"/>
        <source>By rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="170"/>
        <source>Set the deadline by the category&apos;s rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="177"/>
        <source>Keep me anonymous on public notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="178"/>
        <source>Anonymous in public</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="182"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="186"/>
        <source>Resident *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="187"/>
        <source>Category *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="188"/>
        <source>Sub-category *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="189"/>
        <source>Description *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="191"/>
        <source>Affected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="192"/>
        <source>Departments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="193"/>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="197"/>
        <source>Save and print receipt (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="198"/>
        <source>Save and print the receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="200"/>
        <source>Save only (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="201"/>
        <source>Save without printing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="202"/>
        <source>Clear form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="203"/>
        <source>Clear the form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="222"/>
        <source>Open requests that look the same (last 30 days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="224"/>
        <source>Similar open requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="226"/>
        <location filename="../../app/views/intake_page.py" line="451"/>
        <source>Choose the resident and category to see similar requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="229"/>
        <source>Add to the chosen request (Ctrl+J)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="230"/>
        <source>Add this report to the chosen request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="236"/>
        <source>&lt;b&gt;Keys&lt;/b&gt;&lt;br&gt;Ctrl+N new request · Tab next field&lt;br&gt;Enter picks the first resident, ↓ chooses another&lt;br&gt;Ctrl+R new resident · Ctrl+J add to a similar request&lt;br&gt;Ctrl+Enter save and print · Ctrl+S save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="341"/>
        <location filename="../../app/views/intake_page.py" line="355"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="353"/>
        <source>— choose the category first —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="377"/>
        <source>Filled in when you choose the category.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="382"/>
        <source>By rule: {hours} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="388"/>
        <location filename="../../app/views/intake_page.py" line="642"/>
        <source>Set by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="409"/>
        <source>Call {m:02d}:{s:02d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="418"/>
        <source>{n} / {max} characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="461"/>
        <source>same building, same kind of problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="462"/>
        <source>similar text ({score}%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="464"/>
        <source>{no} · {when} · {building} bldg · {households} household(s)
{category}: {summary}
({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="471"/>
        <source>{n} open request(s) may be the same problem. Choose one and press Ctrl+J to add this household to it instead of opening a new case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="473"/>
        <source>No similar open request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="507"/>
        <source>Choose one of the similar requests first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="523"/>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="527"/>
        <source>Not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="538"/>
        <source>Saved as {no}, but the receipt could not be written: {err}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="542"/>
        <source>Added to request {no}: it now covers {n} household(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="544"/>
        <source>Saved. Case number {no}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="545"/>
        <source>Receipt: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="549"/>
        <source>Receipt {no}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="599"/>
        <source>An unsaved request from {when} was found ({what}). Restore it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/intake_page.py" line="650"/>
        <source>The unsaved request was restored.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/views/login.py" line="32"/>
        <source>Community Desk — log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="39"/>
        <source>Community Desk {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="41"/>
        <location filename="../../app/views/login.py" line="54"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="42"/>
        <location filename="../../app/views/login.py" line="55"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="49"/>
        <location filename="../../app/views/login.py" line="50"/>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/main_window.py" line="37"/>
        <source>Community Desk — {community}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="40"/>
        <source>Areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="49"/>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="53"/>
        <source>New request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="55"/>
        <source>Residents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="57"/>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="66"/>
        <source>User: {name} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="69"/>
        <source>Desk: {code} {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="87"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="88"/>
        <source>&amp;New request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="93"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="97"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="98"/>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="126"/>
        <source>About Community Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="127"/>
        <source>&lt;h3&gt;Community Desk {version}&lt;/h3&gt;&lt;p&gt;Front-desk software for community service centres: requests, receipts and notices, working offline.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewResidentPanel</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="197"/>
        <source>New resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="202"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="203"/>
        <location filename="../../app/views/resident_widgets.py" line="236"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="204"/>
        <location filename="../../app/views/resident_widgets.py" line="237"/>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="206"/>
        <location filename="../../app/views/resident_widgets.py" line="238"/>
        <source>Gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="207"/>
        <source>(from ID number)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="208"/>
        <source>male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="209"/>
        <source>female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="210"/>
        <location filename="../../app/views/resident_widgets.py" line="213"/>
        <source>Building</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="211"/>
        <location filename="../../app/views/resident_widgets.py" line="213"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="212"/>
        <location filename="../../app/views/resident_widgets.py" line="213"/>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="229"/>
        <source>bldg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="229"/>
        <source>unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="229"/>
        <source>room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="235"/>
        <source>Name *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="239"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="240"/>
        <source>Household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="241"/>
        <location filename="../../app/views/resident_widgets.py" line="242"/>
        <source>Save resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="243"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="56"/>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="57"/>
        <source>Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="58"/>
        <source>&amp;Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="59"/>
        <location filename="../../app/views/pdf_preview.py" line="91"/>
        <source>Save as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="60"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="62"/>
        <source>{pages} page(s) · {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="88"/>
        <source>Sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="92"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/pdf_preview.py" line="100"/>
        <source>Saved to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResidentLookup</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="59"/>
        <source>Find resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="60"/>
        <source>Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, or address (3-2-301)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="63"/>
        <source>Matching residents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="121"/>
        <source>{n} found: ↓ to choose, Enter to take the first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="123"/>
        <source>Nobody found. Press Ctrl+R to add a new resident.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="175"/>
        <source>{n} open request(s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <location filename="../../app/views/residents_page.py" line="36"/>
        <source>Find resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="37"/>
        <source>Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, or address (3-2-301)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="40"/>
        <source>New resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="41"/>
        <source>Add a new resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="48"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="49"/>
        <source>Gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="49"/>
        <source>male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="49"/>
        <source>female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="50"/>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="51"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="52"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="53"/>
        <source>Grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="54"/>
        <source>Household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="55"/>
        <source>Open requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="57"/>
        <source>Residents found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="94"/>
        <source>{n} resident(s) found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/residents_page.py" line="101"/>
        <source>{name} was added.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../app/views/application.py" line="22"/>
        <source>Community Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="42"/>
        <source>Community Desk cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="43"/>
        <source>The database could not be opened or upgraded:
{error}

The data folder is {path}. Ask IT staff to run &apos;main.py verify&apos; or restore the latest backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="73"/>
        <source>Demo community</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/application.py" line="74"/>
        <source>The demo community is ready. Log in as clerk1 (reception clerk) or admin, password {password}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../../app/cli.py" line="46"/>
        <source>folder for the database, drafts, backups and printouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="51"/>
        <source>SQLAlchemy database URL, e.g. postgresql+psycopg://user@server/desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="57"/>
        <source>interface language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="63"/>
        <source>Community Desk: front-desk software for community service centres. Without a command it starts the desk app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="72"/>
        <source>build a demo community to look around in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="75"/>
        <source>random seed of the demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="80"/>
        <source>check the database and the app&apos;s invariants; exit code 0 when healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="85"/>
        <source>export all requests with their full history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="90"/>
        <source>render each main screen to PNG files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="141"/>
        <source>Exported {cases} requests with {events} history entries to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="156"/>
        <source>This data folder already holds a community ({name}); the demo needs an empty one. Use --data-dir with a new folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="166"/>
        <source>Demo community {name} is ready in {path}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="171"/>
        <source>  {residents} residents in {households} households, {grids} grids, {cases} requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="176"/>
        <source>Demo accounts (password for all: {password}):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="204"/>
        <source>Healthy: the database and the app&apos;s invariants check out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/cli.py" line="208"/>
        <source>{n} problem(s) found.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../app/services/auth.py" line="72"/>
        <location filename="../../app/services/auth.py" line="189"/>
        <source>This account is disabled. Please log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="75"/>
        <source>Your role may not do this ({permission}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="82"/>
        <source>The password needs at least {n} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="85"/>
        <source>The password needs both letters and digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="101"/>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="103"/>
        <source>This account is disabled. Ask the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="120"/>
        <location filename="../../app/services/auth.py" line="200"/>
        <source>No such account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="134"/>
        <source>User names are 2-32 lower-case letters, digits, &apos;.&apos; or &apos;_&apos;, starting with a letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="137"/>
        <source>Please enter the person&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="139"/>
        <source>At most {n} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="145"/>
        <source>Please log in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="150"/>
        <source>The user name {name} is taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="168"/>
        <source>You cannot disable your own account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/auth.py" line="192"/>
        <source>The current password is not right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/export.py" line="56"/>
        <source>Unknown format {fmt}; use json, csv or xlsx.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="261"/>
        <location filename="../../app/services/intake.py" line="381"/>
        <source>No such case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="263"/>
        <source>Case {no} is no longer open; please log a new request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="268"/>
        <source>{name} has already reported case {no}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="288"/>
        <source>Please choose a category.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="292"/>
        <source>Please choose a sub-category.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="294"/>
        <source>This sub-category belongs to another category.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="297"/>
        <source>Urgency is 1 to 5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="299"/>
        <source>Please choose who is affected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="304"/>
        <source>A chosen department no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="312"/>
        <source>The deadline must be in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="314"/>
        <source>The deadline is more than a year away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="327"/>
        <source>Please choose the resident (search by name, pinyin, phone or address).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="333"/>
        <source>Please choose how the request came in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="336"/>
        <source>The call time cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/intake.py" line="344"/>
        <source>This desk has no desk code; finish the first-start set-up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="132"/>
        <source>No such resident.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="161"/>
        <source>Digits only, please (e.g. 3, 2, 301).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="163"/>
        <source>A name cannot contain digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="166"/>
        <source>The gender does not match the ID number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="172"/>
        <source>Unknown household tag {tag}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/residents.py" line="179"/>
        <source>This ID number is already registered for {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/setup.py" line="74"/>
        <source>This database already belongs to a community.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/setup.py" line="90"/>
        <source>A desk code is 2-8 letters or digits starting with a letter, e.g. A01.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/setup.py" line="103"/>
        <source>Another desk already uses the code {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/setup.py" line="117"/>
        <source>The community has not been set up yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="71"/>
        <source>A phone number may contain only digits, spaces and &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="85"/>
        <source>A mobile number has 11 digits; this one has {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="87"/>
        <source>This is not a valid mobile number (the second digit is 3-9).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="89"/>
        <source>A landline is the area code and 7-8 digits, e.g. 0412-5581234.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="91"/>
        <source>This is not a valid phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="110"/>
        <source>An ID number has 18 characters; this one has {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="112"/>
        <source>An ID number is 17 digits and a last digit or X.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="114"/>
        <source>The ID number&apos;s region code (first digits) is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="119"/>
        <source>The birth date inside the ID number is not a real date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="121"/>
        <source>The birth date inside the ID number is not possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="123"/>
        <source>The ID number&apos;s check digit is wrong: please check each digit again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="134"/>
        <location filename="../../app/services/validation.py" line="147"/>
        <source>This field is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="137"/>
        <source>At least {n} characters, please.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/validation.py" line="139"/>
        <source>At most {n} characters; now {len}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="26"/>
        <source>The database schema is at revision {have}, the app expects {want}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="40"/>
        <source>SQLite integrity check failed: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="43"/>
        <source>Row {rowid} of {table} points to a missing row of {parent}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="50"/>
        <location filename="../../app/services/verify.py" line="57"/>
        <source>The append-only guard {trigger} is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="71"/>
        <source>Case {no} has a malformed number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="74"/>
        <source>Case {no} is beyond its desk&apos;s counter; the next number could repeat it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="77"/>
        <source>Case {no} has {n} intake events instead of one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="81"/>
        <source>Case {no}: priority {p} is not urgency times scope.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/verify.py" line="85"/>
        <source>Case {no} says {n} households but its reporters come from {m}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/login.py" line="159"/>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../app/services/labels.py" line="18"/>
        <source>Walk-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="19"/>
        <source>Phone call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="20"/>
        <source>Volunteer collector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="21"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="22"/>
        <source>One household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="23"/>
        <source>A building</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="24"/>
        <source>Whole community</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="25"/>
        <source>Empty nest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="26"/>
        <source>Living alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="27"/>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="28"/>
        <source>Rented</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="29"/>
        <source>Ordinary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="30"/>
        <source>Awaiting dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="31"/>
        <location filename="../../app/services/labels.py" line="39"/>
        <source>Dispatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="32"/>
        <source>Responded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="33"/>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="34"/>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="35"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="36"/>
        <source>Merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="37"/>
        <source>Logged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="38"/>
        <source>Another household joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="40"/>
        <source>Progress note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="41"/>
        <source>Reception clerk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="42"/>
        <source>Time-bank officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="43"/>
        <source>Grid worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="44"/>
        <source>Community director</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="45"/>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="49"/>
        <source>1 - can wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="50"/>
        <source>2 - soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="51"/>
        <source>3 - urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="52"/>
        <source>4 - very urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/services/labels.py" line="53"/>
        <source>5 - emergency</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>residents</name>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="37"/>
        <source>male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="38"/>
        <source>female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/resident_widgets.py" line="40"/>
        <source>{age} yrs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
